package io.sluice.zk.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of the ephemeral {@code /controller}, in Kafka's version 1 format:
 *
 * <pre>
 * {"version":1,"brokerid":1,"timestamp":"1700000000000"}
 * </pre>
 *
 * Kafka 3.4+ writes version 2, which adds {@code "kraftControllerEpoch":-1} for ZooKeeper-to-KRaft
 * migration; we read both and write version 1, since Sluice has no KRaft side.
 *
 * @param brokerId    the controller's broker id
 * @param timestampMs when it became controller
 */
public record ControllerInfo(int brokerId, long timestampMs) {

    public static final int VERSION = 1;

    public byte[] toJson() {
        ObjectNode root = Json.object();
        root.put("version", VERSION);
        root.put("brokerid", brokerId);
        root.put("timestamp", Long.toString(timestampMs));
        return Json.bytes(root);
    }

    public static ControllerInfo fromJson(byte[] data) {
        JsonNode root = Json.parse(data, "controller znode");
        long ts = root.has("timestamp") ? Json.requiredLong(root, "timestamp", "controller znode") : 0L;
        return new ControllerInfo(Json.requiredInt(root, "brokerid", "controller znode"), ts);
    }
}
