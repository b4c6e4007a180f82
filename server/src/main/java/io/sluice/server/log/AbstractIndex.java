package io.sluice.server.log;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * What the offset and time indexes share: a file of fixed-size entries, memory-mapped, searched
 * by binary search. The index of the active segment is preallocated to {@code segment.index.bytes}
 * (rounded down to whole entries) so appends never grow the file; when the segment rolls or the
 * index is unloaded the file is trimmed back to its entries, so an index file's length always
 * tells how many entries it holds.
 *
 * <p>This class is not thread-safe: {@link LazyIndex} owns an instance and serializes every call
 * under its lock, which also makes it safe to unmap the buffer in {@link #close()}.
 */
public abstract class AbstractIndex implements Closeable {

    private volatile File file;
    protected final long baseOffset;
    private final int entrySize;
    protected MappedByteBuffer mmap;
    private int entries;
    private int maxEntries;

    protected AbstractIndex(File file, long baseOffset, int maxIndexSize, boolean preallocate, int entrySize)
            throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        // The descriptor is closed right after mapping: a mapping outlives it, and a broker with
        // thousands of partitions should not spend a descriptor per index on top of the mapping.
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            long existing = raf.length();
            this.entries = (int) (existing / entrySize);
            long length = existing;
            if (preallocate) {
                length = Math.max(roundDown(maxIndexSize), (long) entries * entrySize);
                raf.setLength(length);
            }
            map(raf, length);
        }
    }

    private long roundDown(int size) {
        return (long) (size / entrySize) * entrySize;
    }

    private void map(RandomAccessFile raf, long length) throws IOException {
        this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
        this.maxEntries = (int) (length / entrySize);
    }

    public File file() {
        return file;
    }

    /**
     * The owner renamed the file (e.g. to .deleted). The mapping is unaffected, but a later resize
     * reopens the file by name and must not re-create the old one.
     */
    void renamedTo(File renamed) {
        this.file = renamed;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int entrySize() {
        return entrySize;
    }

    public int entries() {
        return entries;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public boolean isFull() {
        return entries >= maxEntries;
    }

    /** Bytes the entries occupy (not the preallocated length). */
    public int sizeInBytes() {
        return entries * entrySize;
    }

    protected void incrementEntries() {
        entries++;
    }

    /** Drops every entry from {@code n} on. */
    protected void truncateToEntries(int n) {
        entries = Math.min(entries, Math.max(0, n));
    }

    /** Resizes the file and the mapping to {@code newSize} bytes (whole entries, never below the entries). */
    public void resize(int newSize) throws IOException {
        long length = Math.max(roundDown(newSize), (long) entries * entrySize);
        if (length == mmap.capacity() && length == file.length()) {
            return;
        }
        unmap(mmap);
        mmap = null;
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.setLength(length);
            map(raf, length);
        }
    }

    public void trimToValidSize() throws IOException {
        resize(entries * entrySize);
    }

    public void flush() {
        mmap.force();
    }

    /**
     * Index of the largest entry whose key is at most {@code target} (strictly below it when
     * {@code strict}); -1 if there is none. Keys are increasing, which sanityCheck enforces.
     */
    protected int largestLowerBound(long target, boolean strict) {
        int lo = 0;
        int hi = entries - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long key = keyAt(mid);
            boolean below = strict ? key < target : key <= target;
            if (below) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The search key of entry {@code n}: an absolute offset for the offset index, a timestamp for the time index. */
    protected abstract long keyAt(int n);

    /** Throws {@link CorruptIndexException} unless every entry is consistent with the ones before it. */
    public abstract void sanityCheck(long logFileSize);

    /** Trims the file to its entries and unmaps it. A file deleted meanwhile is not re-created. */
    @Override
    public void close() throws IOException {
        if (mmap != null) {
            if (file.exists()) {
                trimToValidSize();
            }
            discard();
        }
    }

    /** Unmaps without touching the file: for an index about to be deleted. */
    public void discard() {
        unmap(mmap);
        mmap = null;
    }

    /**
     * Releases a mapping now instead of when the GC finds the buffer: with thousands of partitions
     * we cannot leave address space and map counts to the collector. Callers guarantee that nobody
     * uses the buffer afterwards (the owning LazyIndex's lock).
     */
    static void unmap(MappedByteBuffer buffer) {
        if (buffer == null) {
            return;
        }
        try {
            UNMAPPER.invoke(THE_UNSAFE, buffer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not unmap an index buffer", e);
        }
    }

    private static final Object THE_UNSAFE;
    private static final Method UNMAPPER;

    static {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            THE_UNSAFE = field.get(null);
            UNMAPPER = unsafeClass.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
