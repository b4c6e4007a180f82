package io.sluice.server.log;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * {@code partition.metadata} in a partition directory: the topic id the partition belongs to, so a
 * re-created topic of the same name is never confused with the old one. Kafka's text format:
 *
 * <pre>
 * version: 0
 * topic_id: &lt;16-byte UUID, URL-safe base64 without padding&gt;
 * </pre>
 */
public final class PartitionMetadataFile {

    private static final int VERSION = 0;
    private final File file;

    public PartitionMetadataFile(File partitionDir) {
        this.file = new File(partitionDir, LogFileUtils.PARTITION_METADATA_FILE);
    }

    public File file() {
        return file;
    }

    public boolean exists() {
        return file.exists();
    }

    public void write(UUID topicId) throws IOException {
        String text = "version: " + VERSION + "\ntopic_id: " + encode(topicId) + "\n";
        LogFileUtils.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public UUID read() throws IOException {
        List<String> lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(0).trim().equals("version: " + VERSION) || !lines.get(1).startsWith("topic_id: ")) {
            throw new IOException("Malformed " + file + ": expected 'version: 0' and 'topic_id: ...' lines");
        }
        try {
            return decode(lines.get(1).substring("topic_id: ".length()).trim());
        } catch (IllegalArgumentException e) {
            throw new IOException("Malformed topic id in " + file, e);
        }
    }

    /** Kafka prints a topic id as its 16 bytes (most significant half first) in URL-safe base64, unpadded. */
    public static String encode(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    public static UUID decode(String text) {
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        if (bytes.length != 16) {
            throw new IllegalArgumentException("A topic id has 16 bytes, got " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
