package io.sluice.zk.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of an {@code /isr_change_notification/isr_change_<seq>} node, in Kafka's version 1
 * format: the partitions whose ISR a leader changed, so the controller can re-read their state
 * znodes and send UpdateMetadata.
 *
 * <pre>
 * {"version":1,"partitions":[{"topic":"orders","partition":0},{"topic":"orders","partition":3}]}
 * </pre>
 */
public record IsrChangeNotification(List<Partition> partitions) {

    public static final int VERSION = 1;

    /** One topic partition. */
    public record Partition(String topic, int partition) {
    }

    public IsrChangeNotification {
        partitions = List.copyOf(partitions);
    }

    public byte[] toJson() {
        ObjectNode root = Json.object();
        root.put("version", VERSION);
        ArrayNode array = root.putArray("partitions");
        for (Partition p : partitions) {
            array.addObject().put("topic", p.topic()).put("partition", p.partition());
        }
        return Json.bytes(root);
    }

    public static IsrChangeNotification fromJson(byte[] data, String what) {
        JsonNode root = Json.parse(data, what);
        JsonNode array = root.get("partitions");
        if (array == null || !array.isArray()) {
            throw new ZnodeFormatException(what + ": missing field 'partitions'");
        }
        List<Partition> partitions = new ArrayList<>();
        for (JsonNode p : array) {
            partitions.add(new Partition(Json.requiredText(p, "topic", what), Json.requiredInt(p, "partition", what)));
        }
        return new IsrChangeNotification(partitions);
    }
}
