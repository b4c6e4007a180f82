package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.BrokerServices;
import io.sluice.server.metadata.BrokerNode;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeCluster (key 60), v0-1: the live brokers on the request's listener, the cluster id and the
 * controller (this broker, as in Metadata). Only the broker endpoints exist in a ZooKeeper cluster;
 * asking for controller endpoints (v1, endpoint_type 2) gets UNSUPPORTED_ENDPOINT_TYPE.
 */
public final class DescribeClusterHandler implements ApiHandler {

    private static final byte BROKERS = 1;

    private final BrokerServices services;

    public DescribeClusterHandler(BrokerServices services) {
        this.services = services;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct body = request.body();
        Struct response = request.newResponse()
                .set("cluster_id", services.clusterId())
                .set("controller_id", services.brokerId())
                .set("endpoint_type", BROKERS);
        if (request.version() >= 1 && body.getByte("endpoint_type") != BROKERS) {
            response.set("error_code", Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .set("error_message", "The request asks for endpoint type " + body.getByte("endpoint_type")
                            + ", but this broker only serves broker endpoints (1).")
                    .set("endpoint_type", body.getByte("endpoint_type"));
            return CompletableFuture.completedFuture(response);
        }
        for (BrokerNode node : services.metadataCache().aliveBrokers(request.context().listenerName())) {
            response.addElement("brokers")
                    .set("broker_id", node.id())
                    .set("host", node.host())
                    .set("port", node.port())
                    .set("rack", node.rack());
        }
        if (body.getBool("include_cluster_authorized_operations")) {
            response.set("cluster_authorized_operations", AuthorizedOperations.CLUSTER);
        }
        return CompletableFuture.completedFuture(response);
    }
}
