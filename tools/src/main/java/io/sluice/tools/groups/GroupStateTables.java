package io.sluice.tools.groups;

import java.util.List;

/**
 * The tables of {@code --describe --members} and {@code --describe --state}, aligned as Kafka's
 * {@code kafka-consumer-groups.sh} aligns them:
 * <pre>
 *
 * GROUP           CONSUMER-ID                                       HOST            CLIENT-ID       #PARTITIONS
 * orders          consumer-orders-1-0f6a...                         /127.0.0.1      consumer-orders-1 2
 *
 * GROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS
 * orders                    127.0.0.1:9092  (1)       range                Stable          1
 * </pre>
 * The GROUP-INSTANCE-ID column appears only when a member has one (static membership). In the state
 * table Kafka sizes the first column by the coordinator's text, and so do we. Pure; thread-safe.
 */
final class GroupStateTables {

    /** One member: its ids, host and number of assigned partitions. */
    record Member(String group, String consumerId, String groupInstanceId, String host, String clientId, int partitions) {
    }

    private GroupStateTables() {
    }

    static String members(List<Member> members) {
        int group = 15;
        int consumer = 15;
        int instance = 17;
        int host = 15;
        int client = 15;
        boolean withInstanceIds = false;
        for (Member m : members) {
            group = Math.max(group, m.group().length());
            consumer = Math.max(consumer, m.consumerId().length());
            host = Math.max(host, m.host().length());
            client = Math.max(client, m.clientId().length());
            if (m.groupInstanceId() != null && !m.groupInstanceId().isEmpty()) {
                withInstanceIds = true;
                instance = Math.max(instance, m.groupInstanceId().length());
            }
        }
        StringBuilder table = new StringBuilder(System.lineSeparator());
        if (withInstanceIds) {
            String format = "%-" + group + "s %-" + consumer + "s %-" + instance + "s %-" + host + "s %-" + client + "s %-15s%n";
            table.append(String.format(format, "GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS"));
            for (Member m : members) {
                table.append(String.format(format, m.group(), m.consumerId(),
                        m.groupInstanceId() == null ? "" : m.groupInstanceId(), m.host(), m.clientId(), m.partitions()));
            }
        } else {
            String format = "%-" + group + "s %-" + consumer + "s %-" + host + "s %-" + client + "s %-15s%n";
            table.append(String.format(format, "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"));
            for (Member m : members) {
                table.append(String.format(format, m.group(), m.consumerId(), m.host(), m.clientId(), m.partitions()));
            }
        }
        return table.toString();
    }

    /** {@code coordinator} is "host:port  (id)" as Kafka prints it. */
    static String state(String group, String coordinator, String assignmentStrategy, String state, int members) {
        int width = Math.max(25, coordinator.length());
        String format = "%-" + width + "s %-25s %-20s %-15s %s%n";
        return System.lineSeparator()
                + String.format(format, "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS")
                + String.format(format, group, coordinator, assignmentStrategy, state, members);
    }
}
