package io.sluice.tools.dumplog;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;

/**
 * Prints a {@code .txnindex} file: the aborted transactions whose data lies in the segment.
 *
 * <pre>
 * entry (34 bytes): int16 version (0), int64 producerId, int64 firstOffset, int64 lastOffset,
 *                   int64 lastStableOffset
 * </pre>
 */
final class TxnIndexDumper {

    static final int ENTRY_SIZE = 34;

    private final PrintStream out;
    private final PrintStream err;

    TxnIndexDumper(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    boolean dump(File file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file.toPath()));
        while (bytes.remaining() >= ENTRY_SIZE) {
            short version = bytes.getShort();
            long producerId = bytes.getLong();
            long firstOffset = bytes.getLong();
            long lastOffset = bytes.getLong();
            long lastStableOffset = bytes.getLong();
            out.println("version: " + version + " producerId: " + producerId + " firstOffset: " + firstOffset
                    + " lastOffset: " + lastOffset + " lastStableOffset: " + lastStableOffset);
        }
        if (bytes.hasRemaining()) {
            err.println("Found " + bytes.remaining() + " bytes after the last complete entry of " + file);
            return false;
        }
        return true;
    }
}
