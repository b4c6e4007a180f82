package io.sluice.server.log;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-log-directory map from partition to offset in Kafka's checkpoint format, one
 * {@code topic partition offset} line per partition: {@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint} and later {@code replication-offset-checkpoint}.
 */
public final class OffsetCheckpointFile {

    private record Entry(TopicPartition topicPartition, long offset) {
    }

    private final CheckpointFile<Entry> checkpoint;

    public OffsetCheckpointFile(File file) {
        this.checkpoint = new CheckpointFile<>(file,
                e -> e.topicPartition().topic() + " " + e.topicPartition().partition() + " " + e.offset(),
                fields -> {
                    if (fields.length != 3) {
                        throw new IllegalArgumentException("expected 'topic partition offset'");
                    }
                    return new Entry(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
                });
    }

    public File file() {
        return checkpoint.file();
    }

    public void write(Map<TopicPartition, Long> offsets) throws IOException {
        List<Entry> entries = new ArrayList<>(offsets.size());
        offsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .forEach(e -> entries.add(new Entry(e.getKey(), e.getValue())));
        checkpoint.write(entries);
    }

    public Map<TopicPartition, Long> read() throws IOException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Entry entry : checkpoint.read()) {
            offsets.put(entry.topicPartition(), entry.offset());
        }
        return offsets;
    }
}
