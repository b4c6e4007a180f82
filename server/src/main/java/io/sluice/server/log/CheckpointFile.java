package io.sluice.server.log;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Kafka's checkpoint text format, shared by the offset checkpoints and the leader epoch checkpoint:
 *
 * <pre>
 * 0                 version
 * 2                 number of entries
 * &lt;entry&gt;           one line each, fields separated by one space
 * &lt;entry&gt;
 * </pre>
 *
 * Written atomically (tmp file, fsync, rename), so a reader sees the old or the new content.
 * Thread-safe: writes and reads of one file are serialized.
 */
public final class CheckpointFile<T> {

    public static final int VERSION = 0;

    private final File file;
    private final Function<T, String> formatter;
    private final Function<String[], T> parser;

    public CheckpointFile(File file, Function<T, String> formatter, Function<String[], T> parser) {
        this.file = file;
        this.formatter = formatter;
        this.parser = parser;
    }

    public File file() {
        return file;
    }

    public synchronized void write(List<T> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(VERSION).append('\n').append(entries.size()).append('\n');
        for (T entry : entries) {
            text.append(formatter.apply(entry)).append('\n');
        }
        LogFileUtils.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The entries, or an empty list if the file does not exist; a malformed file is an IOException. */
    public synchronized List<T> read() throws IOException {
        if (!file.exists()) {
            return new ArrayList<>();
        }
        List<String> lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        try {
            if (lines.size() < 2) {
                throw new IOException("Checkpoint file " + file + " is truncated");
            }
            int version = Integer.parseInt(lines.get(0).trim());
            if (version != VERSION) {
                throw new IOException("Checkpoint file " + file + " has unknown version " + version);
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (lines.size() < 2 + count) {
                throw new IOException("Checkpoint file " + file + " declares " + count + " entries but has " + (lines.size() - 2));
            }
            List<T> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                entries.add(parser.apply(lines.get(2 + i).trim().split(" ")));
            }
            return entries;
        } catch (RuntimeException e) {
            throw new IOException("Malformed checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }
}
