package io.sluice.zk.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of {@code /cluster/id} in Kafka's format. Note the version is a JSON string there:
 *
 * <pre>
 * {"version":"1","id":"MJfGoqnJSEm8mQ7W1l3t3A"}
 * </pre>
 */
public final class ClusterIdJson {

    private ClusterIdJson() {
    }

    public static byte[] toJson(String clusterId) {
        ObjectNode root = Json.object();
        root.put("version", "1");
        root.put("id", clusterId);
        return Json.bytes(root);
    }

    public static String fromJson(byte[] data) {
        return Json.requiredText(Json.parse(data, "cluster id znode"), "id", "cluster id znode");
    }
}
