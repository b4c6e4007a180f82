package io.sluice.zk.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A block of producer ids owned by one broker, and the body of {@code /latest_producer_id_block}
 * (the last block handed out in the cluster), in Kafka's version 1 format:
 *
 * <pre>
 * {"version":1,"broker":1,"block_start":"1000","block_end":"1999"}
 * </pre>
 *
 * Both ends are inclusive and written as strings, as Kafka does.
 *
 * @param brokerId        the broker the block was handed to
 * @param firstProducerId first id of the block
 * @param lastProducerId  last id of the block (inclusive)
 */
public record ProducerIdBlock(int brokerId, long firstProducerId, long lastProducerId) {

    public static final int VERSION = 1;

    public ProducerIdBlock {
        if (firstProducerId < 0 || lastProducerId < firstProducerId) {
            throw new IllegalArgumentException("Bad producer id block [" + firstProducerId + ", " + lastProducerId + "]");
        }
    }

    public long size() {
        return lastProducerId - firstProducerId + 1;
    }

    public byte[] toJson() {
        ObjectNode root = Json.object();
        root.put("version", VERSION);
        root.put("broker", brokerId);
        root.put("block_start", Long.toString(firstProducerId));
        root.put("block_end", Long.toString(lastProducerId));
        return Json.bytes(root);
    }

    public static ProducerIdBlock fromJson(byte[] data) {
        String what = "producer id block";
        JsonNode root = Json.parse(data, what);
        return new ProducerIdBlock(Json.requiredInt(root, "broker", what),
                Json.requiredLong(root, "block_start", what), Json.requiredLong(root, "block_end", what));
    }
}
