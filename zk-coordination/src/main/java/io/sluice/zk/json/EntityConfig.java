package io.sluice.zk.json;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The config overrides of one entity, the body of {@code /config/topics/<topic>} and
 * {@code /config/brokers/<id or <default>>}, in Kafka's version 1 format:
 *
 * <pre>
 * {"version":1,"config":{"cleanup.policy":"compact","retention.ms":"86400000"}}
 * </pre>
 *
 * Values are always strings, as in Kafka. Keys are written sorted so diffs are stable.
 */
public final class EntityConfig {

    public static final int VERSION = 1;

    private EntityConfig() {
    }

    public static byte[] toJson(Map<String, String> config) {
        ObjectNode root = Json.object();
        root.put("version", VERSION);
        ObjectNode map = root.putObject("config");
        new TreeMap<>(config).forEach(map::put);
        return Json.bytes(root);
    }

    /** The config map; an empty znode (as Kafka sometimes leaves) decodes to an empty map. */
    public static Map<String, String> fromJson(byte[] data, String what) {
        Map<String, String> config = new TreeMap<>();
        if (data == null || data.length == 0) {
            return config;
        }
        JsonNode root = Json.parse(data, what);
        JsonNode map = root.get("config");
        if (map != null && map.isObject()) {
            map.fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
        }
        return config;
    }
}
