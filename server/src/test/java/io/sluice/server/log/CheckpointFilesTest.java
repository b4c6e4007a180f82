package io.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {

    @TempDir
    Path dir;

    @Test
    void offsetCheckpointUsesKafkasTextFormat() throws Exception {
        File file = dir.resolve("recovery-point-offset-checkpoint").toFile();
        OffsetCheckpointFile checkpoint = new OffsetCheckpointFile(file);
        checkpoint.write(Map.of(new TopicPartition("my-topic", 1), 42L, new TopicPartition("a", 0), 7L));
        assertThat(Files.readAllLines(file.toPath())).containsExactly("0", "2", "a 0 7", "my-topic 1 42");
        assertThat(checkpoint.read()).isEqualTo(Map.of(new TopicPartition("my-topic", 1), 42L, new TopicPartition("a", 0), 7L));
        assertThat(dir.resolve("recovery-point-offset-checkpoint.tmp")).doesNotExist();
    }

    @Test
    void aMissingCheckpointIsEmptyAndAMalformedOneIsAnError() throws Exception {
        File file = dir.resolve("log-start-offset-checkpoint").toFile();
        OffsetCheckpointFile checkpoint = new OffsetCheckpointFile(file);
        assertThat(checkpoint.read()).isEmpty();
        Files.writeString(file.toPath(), "0\n3\na 0 1\n");
        assertThatThrownBy(checkpoint::read).isInstanceOf(IOException.class).hasMessageContaining("declares 3");
        Files.writeString(file.toPath(), "1\n0\n");
        assertThatThrownBy(checkpoint::read).isInstanceOf(IOException.class).hasMessageContaining("version");
        Files.writeString(file.toPath(), "0\n1\na zero 1\n");
        assertThatThrownBy(checkpoint::read).isInstanceOf(IOException.class);
    }

    @Test
    void partitionMetadataRoundTripsTheTopicId() throws Exception {
        PartitionMetadataFile metadata = new PartitionMetadataFile(dir.toFile());
        UUID id = new UUID(0x0123456789abcdefL, 0xfedcba9876543210L);
        metadata.write(id);
        assertThat(Files.readAllLines(metadata.file().toPath())).containsExactly("version: 0", "topic_id: ASNFZ4mrze_-3LqYdlQyEA");
        assertThat(metadata.read()).isEqualTo(id);
    }
}
