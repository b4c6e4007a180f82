package io.sluice.server.log;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The cleaner's key to latest offset map, in one fixed buffer (log.cleaner.dedupe.buffer.size
 * split across the cleaner threads). A key is stored as its 16-byte MD5 digest followed by an 8-byte
 * offset; slots are found by open addressing (linear probing from the digest's first 4 bytes).
 * Two keys with the same digest would share a slot: with MD5 that chance is negligible, as in Kafka.
 *
 * <pre>
 * slot i at i * 24:  digest (16 bytes) | offset (int64)
 * </pre>
 *
 * The map is never filled beyond {@link #LOAD_FACTOR} of its slots, so probes stay short and
 * {@link #isFull()} tells the cleaner to stop reading more of the dirty section. Not thread-safe:
 * one map per cleaner thread, cleared between cleanings.
 */
public final class SkimpyOffsetMap {

    static final double LOAD_FACTOR = 0.9;
    private static final int DIGEST_SIZE = 16;
    private static final int SLOT_SIZE = DIGEST_SIZE + 8;

    private final ByteBuffer bytes;
    private final int slots;
    private final int maxEntries;
    private final MessageDigest md5;
    private final byte[] digest = new byte[DIGEST_SIZE];
    private final byte[] probe = new byte[DIGEST_SIZE];
    private int entries;

    public SkimpyOffsetMap(int memory) {
        this.slots = Math.max(1, memory / SLOT_SIZE);
        this.bytes = ByteBuffer.allocate(slots * SLOT_SIZE);
        this.maxEntries = Math.max(1, (int) (slots * LOAD_FACTOR));
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
        clear();
    }

    /** Bytes of the slot buffer. */
    public int memory() {
        return bytes.capacity();
    }

    /** How many distinct keys fit before {@link #isFull()}. */
    public int capacity() {
        return maxEntries;
    }

    public int size() {
        return entries;
    }

    public boolean isFull() {
        return entries >= maxEntries;
    }

    public void clear() {
        Arrays.fill(bytes.array(), (byte) 0);
        // An offset of -1 marks a free slot (a zero digest is a legal digest).
        for (int i = 0; i < slots; i++) {
            bytes.putLong(i * SLOT_SIZE + DIGEST_SIZE, -1L);
        }
        entries = 0;
    }

    /** Records {@code offset} as the latest for {@code key} (the key buffer's remaining bytes, not consumed). */
    public void put(ByteBuffer key, long offset) {
        hash(key);
        int slot = findSlot();
        int at = slot * SLOT_SIZE;
        if (bytes.getLong(at + DIGEST_SIZE) < 0) {
            if (isFull()) {
                throw new IllegalStateException("The offset map is full");
            }
            bytes.put(at, digest);
            entries++;
        }
        bytes.putLong(at + DIGEST_SIZE, offset);
    }

    /** The latest offset recorded for {@code key}, or -1. */
    public long get(ByteBuffer key) {
        hash(key);
        return bytes.getLong(findSlot() * SLOT_SIZE + DIGEST_SIZE);
    }

    private void hash(ByteBuffer key) {
        md5.update(key.duplicate());
        try {
            md5.digest(digest, 0, DIGEST_SIZE);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The slot holding {@link #digest}, or the free slot where it would go. */
    private int findSlot() {
        int h = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
        int slot = Math.floorMod(h, slots);
        while (true) {
            int at = slot * SLOT_SIZE;
            if (bytes.getLong(at + DIGEST_SIZE) < 0) {
                return slot;
            }
            bytes.get(at, probe);
            if (Arrays.equals(probe, digest)) {
                return slot;
            }
            slot = slot + 1 == slots ? 0 : slot + 1;
        }
    }
}
