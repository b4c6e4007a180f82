package io.sluice.zk.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a {@code /config/changes/config_change_<seq>} node, in Kafka's version 2 format:
 *
 * <pre>
 * {"version":2,"entity_path":"topics/orders"}
 * {"version":2,"entity_path":"brokers/&lt;default&gt;"}
 * </pre>
 *
 * The node only says which entity changed; readers fetch the entity's config znode for the values.
 *
 * @param entityType {@code topics} or {@code brokers} (Kafka also uses clients, users, ips)
 * @param entityName topic name, broker id, or {@code <default>}
 */
public record ConfigChangeNotification(String entityType, String entityName) {

    public static final int VERSION = 2;
    public static final String TOPICS = "topics";
    public static final String BROKERS = "brokers";

    public String entityPath() {
        return entityType + "/" + entityName;
    }

    public byte[] toJson() {
        ObjectNode root = Json.object();
        root.put("version", VERSION);
        root.put("entity_path", entityPath());
        return Json.bytes(root);
    }

    public static ConfigChangeNotification fromJson(byte[] data, String what) {
        JsonNode root = Json.parse(data, what);
        int version = Json.requiredInt(root, "version", what);
        if (version != VERSION) {
            // Version 1 ({"entity_type":..,"entity_name":..}) predates Kafka 0.10.1; we never write it.
            if (version == 1) {
                return new ConfigChangeNotification(Json.requiredText(root, "entity_type", what),
                        Json.requiredText(root, "entity_name", what));
            }
            throw new ZnodeFormatException(what + ": unsupported config change version " + version);
        }
        String path = Json.requiredText(root, "entity_path", what);
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw new ZnodeFormatException(what + ": bad entity_path '" + path + "'");
        }
        return new ConfigChangeNotification(path.substring(0, slash), path.substring(slash + 1));
    }
}
