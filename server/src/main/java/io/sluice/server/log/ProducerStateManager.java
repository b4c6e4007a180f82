package io.sluice.server.log;

import io.sluice.record.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Idempotent-producer state of one partition: for each producer id, its epoch and its last five
 * batches, so that retries are answered with their original offsets and gaps are refused. The rules
 * follow Apache Kafka's broker (checked in this order):
 *
 * <ol>
 *   <li>no producer id on the batch: nothing to check;</li>
 *   <li>no state for the producer (new, expired or lost): accept any sequence (KIP-360);</li>
 *   <li>epoch lower than the producer's: INVALID_PRODUCER_EPOCH;</li>
 *   <li>epoch higher (the Java client bumps it itself after a gap): the first sequence must be 0;</li>
 *   <li>same epoch, same first and last sequence as one of the last five batches: a duplicate, answered
 *       with the original offsets and not appended;</li>
 *   <li>same epoch otherwise: the first sequence must follow the last one (wrapping at
 *       Integer.MAX_VALUE to 0), else OUT_OF_ORDER_SEQUENCE_NUMBER.</li>
 * </ol>
 *
 * <p>State is rebuilt after a restart from the newest snapshot file ({@code <offset>.snapshot}, written
 * at segment rolls and at clean shutdown) plus the batch headers after it; the log replays them through
 * {@link #onAppend}. Snapshot layout (big-endian):
 *
 * <pre>
 * int16 version (1) | int32 CRC-32C of everything after it | int32 producer count
 * per producer: int64 producerId | int16 epoch | int64 lastTimestamp | int8 batch count
 *   per batch (oldest first): int32 firstSeq | int32 lastSeq | int64 firstOffset | int64 lastOffset | int64 timestamp
 * </pre>
 *
 * <p>Not thread-safe: the log calls it under its append lock.
 */
public final class ProducerStateManager {

    public static final String SNAPSHOT_SUFFIX = ".snapshot";
    /** Kafka's producer.id.expiration.ms default: a day without writes and a producer is forgotten. */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000L;
    private static final short SNAPSHOT_VERSION = 1;
    /** Snapshots kept on disk: the newest two, so a torn newest one still leaves a good one. */
    private static final int SNAPSHOTS_KEPT = 2;

    private final Path directory;
    private final long producerIdExpirationMs;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();

    public ProducerStateManager(Path directory, long producerIdExpirationMs) {
        this.directory = directory;
        this.producerIdExpirationMs = producerIdExpirationMs;
    }

    /**
     * Checks a batch a client wants appended. Returns the metadata of the original batch when this one
     * is a retry of it (append nothing then), or empty when the batch must be appended.
     *
     * @throws InvalidProducerEpochException when the epoch is older than the producer's
     * @throws OutOfOrderSequenceException when the sequence does not follow
     */
    public Optional<BatchMetadata> checkAppend(RecordBatch batch) {
        long producerId = batch.producerId();
        if (producerId == RecordBatch.NO_PRODUCER_ID) {
            return Optional.empty();
        }
        ProducerStateEntry entry = producers.get(producerId);
        if (entry == null) {
            return Optional.empty();
        }
        short epoch = batch.producerEpoch();
        int firstSeq = batch.baseSequence();
        if (epoch < entry.producerEpoch()) {
            throw new InvalidProducerEpochException("Producer " + producerId + " wrote with epoch " + epoch
                    + ", older than its current epoch " + entry.producerEpoch());
        }
        if (epoch > entry.producerEpoch()) {
            if (firstSeq != 0) {
                throw new OutOfOrderSequenceException("Producer " + producerId + " bumped its epoch to " + epoch
                        + " but started at sequence " + firstSeq + " instead of 0");
            }
            return Optional.empty();
        }
        Optional<BatchMetadata> duplicate = entry.findDuplicate(firstSeq, batch.lastSequence());
        if (duplicate.isPresent()) {
            return duplicate;
        }
        int lastSeq = entry.lastSequence();
        if (lastSeq != RecordBatch.NO_SEQUENCE && !follows(lastSeq, firstSeq)) {
            throw new OutOfOrderSequenceException("Producer " + producerId + " at epoch " + epoch + ": sequence "
                    + firstSeq + " does not follow " + lastSeq);
        }
        return Optional.empty();
    }

    private static boolean follows(int lastSeq, int nextSeq) {
        return lastSeq == Integer.MAX_VALUE ? nextSeq == 0 : nextSeq == lastSeq + 1;
    }

    /** Records a batch that is now in the log (offsets assigned); also replays batches at recovery. */
    public void onAppend(RecordBatch batch) {
        long producerId = batch.producerId();
        if (producerId == RecordBatch.NO_PRODUCER_ID || batch.isControlBatch()) {
            return;
        }
        short epoch = batch.producerEpoch();
        ProducerStateEntry entry = producers.computeIfAbsent(producerId,
                id -> new ProducerStateEntry(id, epoch, batch.maxTimestamp()));
        if (epoch < entry.producerEpoch()) {
            return;
        }
        entry.bumpEpoch(epoch);
        if (batch.baseSequence() != RecordBatch.NO_SEQUENCE) {
            entry.addBatch(new BatchMetadata(batch.baseSequence(), batch.lastSequence(), batch.baseOffset(),
                    batch.lastOffset(), batch.maxTimestamp()));
        }
    }

    public Optional<ProducerStateEntry> entry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    public Map<Long, ProducerStateEntry> activeProducers() {
        return Collections.unmodifiableMap(producers);
    }

    /** Forgets producers whose last write is older than producer.id.expiration.ms. */
    public void removeExpiredProducers(long nowMs) {
        producers.values().removeIf(entry -> nowMs - entry.lastTimestamp() >= producerIdExpirationMs);
    }

    /**
     * After the log was truncated to {@code offset}: forget batches at or above it, and producers left
     * with none (they are then treated as unknown, which accepts any sequence), and snapshots above it.
     */
    public void truncateFrom(long offset) throws IOException {
        producers.values().removeIf(entry -> entry.removeBatchesFrom(offset));
        for (long snapshotOffset : snapshotOffsets().keySet()) {
            if (snapshotOffset > offset) {
                Files.deleteIfExists(snapshotPath(snapshotOffset));
            }
        }
    }

    /** Forgets everything, on disk too: the log restarts empty. */
    public void clear() throws IOException {
        producers.clear();
        for (Path path : snapshotOffsets().values()) {
            Files.deleteIfExists(path);
        }
    }

    // ---- snapshots ----

    public Path snapshotPath(long offset) {
        return directory.resolve(LogFileUtils.filenamePrefixFromOffset(offset) + SNAPSHOT_SUFFIX);
    }

    /** Writes the state as of {@code offset} (the log end offset) and keeps the newest two snapshots. */
    public void takeSnapshot(long offset) throws IOException {
        ByteBuffer body = serialize();
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        ByteBuffer header = ByteBuffer.allocate(6).putShort(SNAPSHOT_VERSION).putInt((int) crc.getValue()).flip();
        Path target = snapshotPath(offset);
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (header.hasRemaining()) {
                channel.write(header);
            }
            while (body.hasRemaining()) {
                channel.write(body);
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        List<Path> all = new ArrayList<>(snapshotOffsets().values());
        for (int i = 0; i < all.size() - SNAPSHOTS_KEPT; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    private ByteBuffer serialize() {
        int size = 4;
        for (ProducerStateEntry entry : producers.values()) {
            size += 8 + 2 + 8 + 1 + 36 * ProducerStateEntry.MAX_BATCHES;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(producers.size());
        for (ProducerStateEntry entry : producers.values()) {
            buffer.putLong(entry.producerId()).putShort(entry.producerEpoch()).putLong(entry.lastTimestamp());
            int countAt = buffer.position();
            buffer.put((byte) 0);
            byte count = 0;
            for (BatchMetadata batch : entry.batches()) {
                buffer.putInt(batch.firstSequence()).putInt(batch.lastSequence())
                        .putLong(batch.firstOffset()).putLong(batch.lastOffset()).putLong(batch.timestamp());
                count++;
            }
            buffer.put(countAt, count);
        }
        return buffer.flip();
    }

    /**
     * Replaces the state with the newest readable snapshot at or below {@code maxOffset} and returns its
     * offset; the log then replays its batches from there. Returns -1 (and empty state) when there is
     * none; unreadable snapshots are deleted.
     */
    public long loadLatestSnapshot(long maxOffset) throws IOException {
        producers.clear();
        List<Map.Entry<Long, Path>> newestFirst = new ArrayList<>(snapshotOffsets().headMap(maxOffset, true).entrySet());
        Collections.reverse(newestFirst);
        for (Map.Entry<Long, Path> snapshot : newestFirst) {
            try {
                readSnapshot(snapshot.getValue());
                return snapshot.getKey();
            } catch (IOException | RuntimeException e) {
                producers.clear();
                Files.deleteIfExists(snapshot.getValue());
            }
        }
        return -1L;
    }

    private void readSnapshot(Path path) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(path));
        if (buffer.remaining() < 10 || buffer.getShort() != SNAPSHOT_VERSION) {
            throw new IOException("Unknown producer snapshot version in " + path);
        }
        int storedCrc = buffer.getInt();
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate());
        if ((int) crc.getValue() != storedCrc) {
            throw new IOException("Producer snapshot " + path + " fails its CRC");
        }
        int count = buffer.getInt();
        for (int i = 0; i < count; i++) {
            long producerId = buffer.getLong();
            short epoch = buffer.getShort();
            long lastTimestamp = buffer.getLong();
            int batches = buffer.get();
            ProducerStateEntry entry = new ProducerStateEntry(producerId, epoch, lastTimestamp);
            for (int b = 0; b < batches; b++) {
                entry.addBatch(new BatchMetadata(buffer.getInt(), buffer.getInt(), buffer.getLong(), buffer.getLong(),
                        buffer.getLong()));
            }
            producers.put(producerId, entry);
        }
    }

    /** Snapshot files by offset, oldest first. */
    TreeMap<Long, Path> snapshotOffsets() throws IOException {
        TreeMap<Long, Path> snapshots = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return snapshots;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SNAPSHOT_SUFFIX)) {
            for (Path path : stream) {
                String name = path.getFileName().toString();
                try {
                    snapshots.put(Long.parseLong(name.substring(0, name.length() - SNAPSHOT_SUFFIX.length())), path);
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        return snapshots;
    }
}
