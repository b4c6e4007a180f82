package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.log.LeaderEpochFileCache;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.partition.Partition;
import io.sluice.server.partition.PartitionManager;
import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch (23), advertised v2-v4: where a leader epoch ended in this leader's log, from
 * its leader epoch cache. The Java consumer asks this after a leader change to check that its position
 * is still on the leader's history (KIP-320); followers will ask it to find where to truncate.
 *
 * <p>Per partition: UNKNOWN_TOPIC_OR_PARTITION / NOT_LEADER_OR_FOLLOWER unless this broker leads it;
 * current_leader_epoch older than ours FENCED_LEADER_EPOCH, newer UNKNOWN_LEADER_EPOCH (-1 skips the
 * check). The answer is the largest epoch at most the requested one and the start offset of the next
 * epoch (the log end offset for the latest); an epoch newer than every known one gets (-1, -1).
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler {

    private final PartitionManager partitions;

    public OffsetForLeaderEpochHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public short minVersion() {
        return 2;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct response = request.newResponse().set("throttle_time_ms", 0);
        for (Struct topic : request.body().<Struct>getArray("topics")) {
            String name = topic.getString("topic");
            Struct topicResponse = response.addElement("topics").set("topic", name);
            for (Struct p : topic.<Struct>getArray("partitions")) {
                int index = p.getInt("partition");
                Struct out = topicResponse.addElement("partitions").set("partition", index);
                try {
                    Partition partition = partitions.leaderPartition(new TopicPartition(name, index));
                    partition.checkLeaderEpoch(p.getInt("current_leader_epoch"));
                    LeaderEpochFileCache.EpochEndOffset end = partition.log().leaderEpochCache()
                            .endOffsetFor(p.getInt("leader_epoch"), partition.logEndOffset());
                    out.set("error_code", Errors.NONE.code())
                            .set("leader_epoch", end.epoch())
                            .set("end_offset", end.endOffset());
                } catch (RuntimeException e) {
                    out.set("error_code", ErrorMapping.toError(e).code())
                            .set("leader_epoch", -1)
                            .set("end_offset", -1L);
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
