package io.sluice.tools.dumplog;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/** File naming and reading shared by the dumpers: {@code <20-digit base offset>.<suffix>} in one partition directory. */
final class SegmentFiles {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String TXN_INDEX_SUFFIX = ".txnindex";

    private SegmentFiles() {
    }

    /** The base offset a segment file's name carries: the part before the first dot. */
    static long baseOffset(File file) {
        String name = file.getName();
        int dot = name.indexOf('.');
        String prefix = dot < 0 ? name : name.substring(0, dot);
        try {
            return Long.parseLong(prefix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("File name " + name + " does not start with a base offset", e);
        }
    }

    /** The file of the same segment with another suffix, e.g. the .log beside an .index. */
    static File sibling(File file, String suffix) {
        String name = file.getName();
        int dot = name.indexOf('.');
        String prefix = dot < 0 ? name : name.substring(0, dot);
        return new File(file.getAbsoluteFile().getParentFile(), prefix + suffix);
    }

    /** The first {@code maxBytes} bytes of a file, memory-mapped read-only (segments can be large). */
    static ByteBuffer map(File file, long maxBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            long size = Math.min(channel.size(), Math.min(maxBytes, Integer.MAX_VALUE));
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
    }
}
