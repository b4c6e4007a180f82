package io.sluice.server.log;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Function;

/**
 * Owns one index file and maps it only while it is in use. A broker with thousands of partitions
 * cannot keep two mappings per segment: the index is mapped on first use and unmapped (after
 * trimming the file to its entries) when {@link OpenSegmentLimiter} evicts its segment, then mapped
 * again on the next use.
 *
 * <p>Thread-safety: every access runs under this object's lock, so a lookup never sees a buffer
 * being unmapped. The {@code onLoad} callback runs after the lock is released, because it may evict
 * (and so lock) other segments' indexes.
 */
public final class LazyIndex<T extends AbstractIndex> {

    /** Opens an index file; {@code preallocate} is true for the active segment. */
    @FunctionalInterface
    public interface Opener<T> {
        T open(File file, long baseOffset, int maxIndexSize, boolean preallocate) throws IOException;
    }

    private final Object lock = new Object();
    private final long baseOffset;
    private final int maxIndexSize;
    private final Opener<T> opener;
    private final Runnable onLoad;
    private volatile File file;
    private boolean preallocate;
    private T index;

    public LazyIndex(File file, long baseOffset, int maxIndexSize, boolean preallocate, Opener<T> opener, Runnable onLoad) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.maxIndexSize = maxIndexSize;
        this.preallocate = preallocate;
        this.opener = opener;
        this.onLoad = onLoad;
    }

    public static LazyIndex<OffsetIndex> forOffsetIndex(File file, long baseOffset, int maxIndexSize, boolean preallocate,
                                                       Runnable onLoad) {
        return new LazyIndex<>(file, baseOffset, maxIndexSize, preallocate, OffsetIndex::new, onLoad);
    }

    public static LazyIndex<TimeIndex> forTimeIndex(File file, long baseOffset, int maxIndexSize, boolean preallocate,
                                                    Runnable onLoad) {
        return new LazyIndex<>(file, baseOffset, maxIndexSize, preallocate, TimeIndex::new, onLoad);
    }

    public File file() {
        return file;
    }

    /** Runs {@code action} on the mapped index, mapping it first if needed. */
    public <R> R apply(Function<T, R> action) {
        boolean loaded = false;
        R result;
        synchronized (lock) {
            if (index == null) {
                try {
                    index = opener.open(file, baseOffset, maxIndexSize, preallocate);
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not open index " + file, e);
                }
                loaded = true;
            }
            result = action.apply(index);
        }
        if (loaded) {
            onLoad.run();
        }
        return result;
    }

    /** Whether the file is preallocated when mapped: true for the active segment. */
    public boolean isPreallocating() {
        synchronized (lock) {
            return preallocate;
        }
    }

    public boolean isLoaded() {
        synchronized (lock) {
            return index != null;
        }
    }

    /** Trims the file to its entries and releases the mapping; the next use maps it again. */
    public void unload() throws IOException {
        synchronized (lock) {
            if (index != null) {
                T current = index;
                index = null;
                current.close();
            }
        }
    }

    /** The segment rolled: stop preallocating and trim the file to its entries. */
    public void markInactive() throws IOException {
        synchronized (lock) {
            preallocate = false;
            if (index != null) {
                index.trimToValidSize();
            }
        }
    }

    /** The segment became the active one again (truncation): preallocate on the next mapping. */
    public void markActive() throws IOException {
        synchronized (lock) {
            preallocate = true;
            if (index != null) {
                index.resize(maxIndexSize);
            }
        }
    }

    public void flush() throws IOException {
        synchronized (lock) {
            if (index != null) {
                index.flush();
            } else if (file.exists()) {
                // Unmapped pages may still be dirty in the page cache; fsync reaches them through the inode.
                try (var channel = java.nio.channels.FileChannel.open(file.toPath(), java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
    }

    public void renameTo(File target) throws IOException {
        synchronized (lock) {
            if (file.exists()) {
                Files.move(file.toPath(), target.toPath(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            file = target;
            if (index != null) {
                index.renamedTo(target);
            }
        }
    }

    /** Unmaps and deletes the file; a later use starts an empty index. */
    public void deleteIfExists() throws IOException {
        synchronized (lock) {
            if (index != null) {
                index.discard();
                index = null;
            }
            Files.deleteIfExists(file.toPath());
        }
    }

    @Override
    public String toString() {
        return "LazyIndex(" + file + ")";
    }
}
