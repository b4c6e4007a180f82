package io.sluice.server.metadata;

/** A live broker as Metadata and DescribeCluster report it: where clients reach it on one listener. */
public record BrokerNode(int id, String host, int port, String rack) {
}
