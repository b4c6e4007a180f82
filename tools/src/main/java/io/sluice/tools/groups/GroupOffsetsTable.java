package io.sluice.tools.groups;

import io.sluice.clients.common.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * The table of {@code sluice-consumer-groups.sh --describe --group G}, aligned as Kafka's
 * {@code kafka-consumer-groups.sh} aligns it: a blank line, then GROUP, TOPIC, CONSUMER-ID and HOST
 * columns as wide as their longest value (at least 15), PARTITION 10 wide, the three offset columns
 * 15 wide, and CLIENT-ID last; "-" for an unknown value.
 * <pre>
 *
 * GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
 * walkthrough     orders          0          3               3               0               -               -               -
 * </pre>
 * Pure; thread-safe.
 */
final class GroupOffsetsTable {

    static final String MISSING = "-";

    /** One row: a partition the group has an offset for or is assigned; null fields print as "-". */
    record Row(String group, String topic, Integer partition, Long currentOffset, Long logEndOffset, String consumerId,
            String host, String clientId) {

        /** LEO - committed, when both are known (Kafka: unknown without a committed offset). */
        Long lag() {
            return currentOffset == null || currentOffset < 0 || logEndOffset == null ? null : logEndOffset - currentOffset;
        }
    }

    private GroupOffsetsTable() {
    }

    static String format(List<Row> rows) {
        int group = 15;
        int topic = 15;
        int consumer = 15;
        int host = 15;
        for (Row row : rows) {
            group = Math.max(group, text(row.group()).length());
            topic = Math.max(topic, text(row.topic()).length());
            consumer = Math.max(consumer, text(row.consumerId()).length());
            host = Math.max(host, text(row.host()).length());
        }
        String format = "%-" + group + "s %-" + topic + "s %-10s %-15s %-15s %-15s %-" + consumer + "s %-" + host + "s %s%n";
        StringBuilder table = new StringBuilder(System.lineSeparator());
        table.append(String.format(format, "GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG",
                "CONSUMER-ID", "HOST", "CLIENT-ID"));
        for (Row row : rows) {
            table.append(String.format(format, text(row.group()), text(row.topic()), text(row.partition()),
                    text(row.currentOffset()), text(row.logEndOffset()), text(row.lag()), text(row.consumerId()),
                    text(row.host()), text(row.clientId())));
        }
        return table.toString();
    }

    /** The table of a reset: GROUP TOPIC PARTITION NEW-OFFSET in Kafka's fixed widths. */
    static String formatReset(String group, List<Reset> resets) {
        String format = "%-30s %-30s %-10s %-15s%n";
        StringBuilder table = new StringBuilder(System.lineSeparator());
        table.append(String.format(format, "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"));
        for (Reset reset : resets) {
            table.append(String.format(format, group, reset.topic(), reset.partition(), reset.newOffset()));
        }
        return table.toString();
    }

    record Reset(String topic, int partition, long newOffset) {
    }

    /**
     * The table of {@code --delete-offsets}: TOPIC PARTITION STATUS, "Successful" or Kafka's
     * "Error: :" followed by the partition's error.
     */
    static String formatDeleteOffsets(List<TopicPartition> partitions,
            Map<TopicPartition, String> failures) {
        String format = "%-30s %-15s %-15s%n";
        StringBuilder table = new StringBuilder(System.lineSeparator());
        table.append(String.format(format, "TOPIC", "PARTITION", "STATUS"));
        for (TopicPartition tp : partitions) {
            String failure = failures.get(tp);
            table.append(String.format(format, tp.topic(), tp.partition(), failure == null ? "Successful" : "Error: :" + failure));
        }
        return table.toString();
    }

    private static String text(Object value) {
        return value == null ? MISSING : value.toString();
    }
}
