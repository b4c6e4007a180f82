package io.sluice.server.log;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Every file name of the on-disk log in one place. A partition directory holds, per segment,
 * {@code <20-digit base offset>.log}, {@code .index} and {@code .timeindex}; the base offset is
 * zero-padded to 20 digits so that {@code ls} sorts segments numerically.
 */
public final class LogFileUtils {

    public static final String LOG_FILE_SUFFIX = ".log";
    public static final String INDEX_FILE_SUFFIX = ".index";
    public static final String TIME_INDEX_FILE_SUFFIX = ".timeindex";
    /** Appended to a segment's files when retention removes them; deleted after file.delete.delay.ms. */
    public static final String DELETED_FILE_SUFFIX = ".deleted";
    /** The log cleaner's output before the swap; never trusted on startup. */
    public static final String CLEANED_FILE_SUFFIX = ".cleaned";
    /** The log cleaner's output ready to replace older segments; completed on startup. */
    public static final String SWAP_FILE_SUFFIX = ".swap";
    /** A temporary file of an atomic write (checkpoints). */
    public static final String TMP_FILE_SUFFIX = ".tmp";
    /** Suffix of a partition directory scheduled for deletion. */
    public static final String DELETE_DIR_SUFFIX = "-delete";

    public static final String PARTITION_METADATA_FILE = "partition.metadata";
    public static final String LEADER_EPOCH_CHECKPOINT_FILE = "leader-epoch-checkpoint";
    public static final String RECOVERY_POINT_CHECKPOINT_FILE = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET_CHECKPOINT_FILE = "log-start-offset-checkpoint";
    /** Per log dir: each compacted log's first dirty offset, the end of what its last cleaning covered. */
    public static final String CLEANER_OFFSET_CHECKPOINT_FILE = "cleaner-offset-checkpoint";
    public static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";

    private LogFileUtils() {
    }

    /** The base offset padded to 20 digits: the common prefix of a segment's files. */
    public static String filenamePrefixFromOffset(long offset) {
        return String.format("%020d", offset);
    }

    public static File logFile(File dir, long baseOffset) {
        return new File(dir, filenamePrefixFromOffset(baseOffset) + LOG_FILE_SUFFIX);
    }

    public static File offsetIndexFile(File dir, long baseOffset) {
        return new File(dir, filenamePrefixFromOffset(baseOffset) + INDEX_FILE_SUFFIX);
    }

    public static File timeIndexFile(File dir, long baseOffset) {
        return new File(dir, filenamePrefixFromOffset(baseOffset) + TIME_INDEX_FILE_SUFFIX);
    }

    /** The base offset that prefixes a segment file's name, e.g. 42 for {@code 00000000000000000042.index.swap}. */
    public static long offsetFromFileName(String fileName) {
        int dot = fileName.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("Not a segment file name: " + fileName);
        }
        return Long.parseLong(fileName.substring(0, dot));
    }

    public static boolean isSegmentFileName(String name) {
        int dot = name.indexOf('.');
        if (dot != 20) {
            return false;
        }
        for (int i = 0; i < dot; i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code file} with {@code suffix} appended to its name. */
    public static File withSuffix(File file, String suffix) {
        return new File(file.getParentFile(), file.getName() + suffix);
    }

    /** Returns {@code file} with {@code suffix} removed from the end of its name. */
    public static File withoutSuffix(File file, String suffix) {
        String name = file.getName();
        if (!name.endsWith(suffix)) {
            throw new IllegalArgumentException(name + " does not end with " + suffix);
        }
        return new File(file.getParentFile(), name.substring(0, name.length() - suffix.length()));
    }

    /**
     * Parses a partition directory name {@code <topic>-<partition>}. Topic names may contain '-',
     * so the partition is what follows the last one.
     */
    public static TopicPartition parseTopicPartitionName(File dir) {
        String name = dir.getName();
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1) {
            throw new IllegalArgumentException("Not a partition directory name: " + name);
        }
        try {
            return new TopicPartition(name.substring(0, dash), Integer.parseInt(name.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a partition directory name: " + name, e);
        }
    }

    /**
     * Replaces {@code target} with {@code content} so that a crash leaves either the old or the new
     * file, never a torn one: write a sibling tmp file, fsync it, rename it over the target, fsync
     * the directory so the rename itself is durable.
     */
    public static void writeAtomically(File target, byte[] content) throws IOException {
        Path tmp = withSuffix(target, TMP_FILE_SUFFIX).toPath();
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(target.getParentFile());
    }

    /** Makes a rename or create in {@code dir} durable. Linux allows fsync on a directory opened read-only. */
    public static void fsyncDirectory(File dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.toPath(), StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse fsync on a directory; the rename is still atomic there.
            if (!dir.isDirectory()) {
                throw e;
            }
        }
    }

    /** Deletes a file or a whole directory tree; missing files are fine. */
    public static void deleteRecursively(File file) throws IOException {
        if (!file.exists()) {
            return;
        }
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteRecursively(child);
            }
        }
        Files.deleteIfExists(file.toPath());
    }
}
