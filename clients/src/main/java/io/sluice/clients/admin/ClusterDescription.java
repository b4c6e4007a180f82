package io.sluice.clients.admin;

import io.sluice.clients.common.Node;
import java.util.List;

/** The cluster as DescribeCluster reports it; {@code controller} is null when there is none. */
public record ClusterDescription(String clusterId, Node controller, List<Node> nodes) {

    public ClusterDescription {
        nodes = List.copyOf(nodes);
    }
}
