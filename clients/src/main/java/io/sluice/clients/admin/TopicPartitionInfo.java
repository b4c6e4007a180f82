package io.sluice.clients.admin;

import io.sluice.clients.common.Node;
import java.util.List;

/**
 * One partition of a described topic: its leader (null when it has none), its replicas in assignment
 * order and its in-sync replicas. A replica whose broker is not alive is a node with only its id
 * (host empty, port -1), as Kafka's Admin shows it.
 */
public record TopicPartitionInfo(int partition, Node leader, List<Node> replicas, List<Node> isr) {

    public TopicPartitionInfo {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }
}
