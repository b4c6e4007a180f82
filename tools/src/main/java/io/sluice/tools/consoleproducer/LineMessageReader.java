package io.sluice.tools.consoleproducer;

import io.sluice.tools.common.ToolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns the console producer's input lines into records, configured with {@code --property} as
 * Kafka's LineMessageReader is: {@code parse.key=true} splits each line at the first
 * {@code key.separator} (default tab) into key and value; a line without the separator is an error
 * ("No key separator found on line number N: 'line'") unless {@code ignore.error=true}, which sends
 * the whole line as the value without a key. {@code null.marker} turns a key or value equal to it
 * into null (a tombstone value). Not thread-safe.
 */
final class LineMessageReader {

    /** One record to send; key and value may be null. */
    record Message(byte[] key, byte[] value) {
    }

    private final BufferedReader in;
    private final boolean parseKey;
    private final String keySeparator;
    private final boolean ignoreError;
    private final String nullMarker;
    private int lineNumber;

    LineMessageReader(BufferedReader in, Map<String, String> properties) {
        this.in = in;
        this.parseKey = Boolean.parseBoolean(properties.getOrDefault("parse.key", "false").trim());
        this.keySeparator = properties.getOrDefault("key.separator", "\t")
                .replace("\\t", "\t");
        this.ignoreError = Boolean.parseBoolean(properties.getOrDefault("ignore.error", "false").trim());
        this.nullMarker = properties.get("null.marker");
        if (keySeparator.isEmpty()) {
            throw new ToolException("key.separator must not be empty", 2);
        }
    }

    /** The next record, or null at the end of the input. */
    Message next() {
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (line == null) {
            return null;
        }
        lineNumber++;
        return parse(line);
    }

    Message parse(String line) {
        if (!parseKey) {
            return new Message(null, bytes(line));
        }
        int separator = line.indexOf(keySeparator);
        if (separator < 0) {
            if (ignoreError) {
                return new Message(null, bytes(line));
            }
            throw new ToolException("No key separator found on line number " + lineNumber + ": '" + line + "'");
        }
        return new Message(bytes(line.substring(0, separator)), bytes(line.substring(separator + keySeparator.length())));
    }

    private byte[] bytes(String text) {
        return nullMarker != null && nullMarker.equals(text) ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
