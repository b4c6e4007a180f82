package io.sluice.server.api;

import io.sluice.protocol.ApiKeys;
import io.sluice.protocol.Errors;
import io.sluice.protocol.Struct;
import io.sluice.server.log.OffsetOutOfRangeException;
import io.sluice.server.log.TopicPartition;
import io.sluice.server.partition.Partition;
import io.sluice.server.partition.PartitionManager;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords (21), advertised v0-v2: moves a partition's log start offset up to the requested
 * offset (-1 means the high watermark) and deletes the segments wholly below it; answers the new low
 * watermark. Offsets above the high watermark are OFFSET_OUT_OF_RANGE: only committed records can be
 * deleted. With the leader alone in the ISR the new start is final at once; with followers, Kafka
 * waits for their log start offsets too, which comes with replication.
 */
public final class DeleteRecordsHandler implements ApiHandler {

    static final long HIGH_WATERMARK = -1L;

    private final PartitionManager partitions;

    public DeleteRecordsHandler(PartitionManager partitions) {
        this.partitions = partitions;
    }

    @Override
    public ApiKeys api() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<Struct> handle(ApiRequest request) {
        Struct response = request.newResponse().set("throttle_time_ms", 0);
        for (Struct topic : request.body().<Struct>getArray("topics")) {
            String name = topic.getString("name");
            Struct topicResponse = response.addElement("topics").set("name", name);
            for (Struct p : topic.<Struct>getArray("partitions")) {
                int index = p.getInt("partition_index");
                Struct out = topicResponse.addElement("partitions").set("partition_index", index);
                try {
                    Partition partition = partitions.leaderPartition(new TopicPartition(name, index));
                    long highWatermark = partition.highWatermark();
                    long offset = p.getLong("offset");
                    if (offset == HIGH_WATERMARK) {
                        offset = highWatermark;
                    }
                    if (offset < 0 || offset > highWatermark) {
                        throw new OffsetOutOfRangeException("Cannot delete records of " + partition.topicPartition()
                                + " before " + offset + ": the high watermark is " + highWatermark);
                    }
                    long lowWatermark = partition.log().deleteRecordsBefore(offset);
                    partitions.onLogStartOffsetMoved(partition);
                    out.set("error_code", Errors.NONE.code()).set("low_watermark", lowWatermark);
                } catch (RuntimeException e) {
                    out.set("error_code", ErrorMapping.toError(e).code()).set("low_watermark", -1L);
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
