package io.sluice.zk.json;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A broker's registration, the body of the ephemeral {@code /brokers/ids/<id>}, in Kafka's
 * version 5 format:
 *
 * <pre>
 * {"version":5,
 *  "host":"localhost","port":9092,                      first PLAINTEXT endpoint, for old clients (null/-1 if none)
 *  "endpoints":["PLAINTEXT://localhost:9092"],
 *  "listener_security_protocol_map":{"PLAINTEXT":"PLAINTEXT"},
 *  "jmx_port":-1,
 *  "rack":"rack-a",                                      omitted when the broker has no rack
 *  "timestamp":"1700000000000",                          registration time, ms since epoch, as a string
 *  "features":{}}                                        supported feature name -&gt; {"min_version":..,"max_version":..}
 * </pre>
 *
 * Decoding also accepts versions 1 to 4 (host/port only in version 1). Immutable.
 *
 * @param id          the broker id (from the path, not the JSON)
 * @param endpoints   advertised listeners, in the order the broker lists them
 * @param rack        {@code broker.rack}, or null
 * @param jmxPort     JMX port, -1 if none
 * @param timestampMs registration time
 * @param features    supported features: name -&gt; [min, max]
 */
public record BrokerInfo(int id, List<Endpoint> endpoints, String rack, int jmxPort, long timestampMs,
                         Map<String, VersionRange> features) {

    public static final int VERSION = 5;

    /** A supported feature range, {@code {"min_version":1,"max_version":3}}. */
    public record VersionRange(short minVersion, short maxVersion) {
    }

    public BrokerInfo {
        endpoints = List.copyOf(endpoints);
        features = Map.copyOf(features);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("A broker registration needs at least one endpoint");
        }
    }

    public static BrokerInfo of(int id, List<Endpoint> endpoints, String rack, long timestampMs) {
        return new BrokerInfo(id, endpoints, rack, -1, timestampMs, Map.of());
    }

    /** The endpoint for a listener name, or null. */
    public Endpoint endpoint(String listenerName) {
        for (Endpoint e : endpoints) {
            if (e.listenerName().equals(listenerName)) {
                return e;
            }
        }
        return null;
    }

    public byte[] toJson() {
        ObjectNode root = Json.object();
        root.put("version", VERSION);
        Endpoint plaintext = endpoints.stream().filter(e -> e.securityProtocol().equals("PLAINTEXT"))
                .findFirst().orElse(null);
        if (plaintext == null) {
            root.putNull("host");
            root.put("port", -1);
        } else {
            root.put("host", plaintext.host());
            root.put("port", plaintext.port());
        }
        ArrayNode eps = root.putArray("endpoints");
        ObjectNode protocols = Json.object();
        for (Endpoint e : endpoints) {
            eps.add(e.connectionString());
            protocols.put(e.listenerName(), e.securityProtocol());
        }
        root.set("listener_security_protocol_map", protocols);
        root.put("jmx_port", jmxPort);
        if (rack != null) {
            root.put("rack", rack);
        }
        root.put("timestamp", Long.toString(timestampMs));
        ObjectNode feats = root.putObject("features");
        new TreeMap<>(features).forEach((name, range) -> feats.putObject(name)
                .put("min_version", range.minVersion())
                .put("max_version", range.maxVersion()));
        return Json.bytes(root);
    }

    public static BrokerInfo fromJson(int id, byte[] data) {
        String what = "broker registration " + id;
        JsonNode root = Json.parse(data, what);
        int version = Json.requiredInt(root, "version", what);
        if (version < 1) {
            throw new ZnodeFormatException(what + ": unsupported version " + version + " in "
                    + new String(data, StandardCharsets.UTF_8));
        }
        int jmxPort = root.has("jmx_port") ? Json.requiredInt(root, "jmx_port", what) : -1;
        long timestamp = root.has("timestamp") ? Json.requiredLong(root, "timestamp", what) : 0L;
        List<Endpoint> endpoints;
        if (version == 1) {
            endpoints = List.of(Endpoint.plaintext(Json.requiredText(root, "host", what),
                    Json.requiredInt(root, "port", what)));
        } else {
            Map<String, String> protocols = new LinkedHashMap<>();
            JsonNode map = root.get("listener_security_protocol_map");
            if (map != null && map.isObject()) {
                map.fields().forEachRemaining(f -> protocols.put(f.getKey(), f.getValue().asText()));
            }
            JsonNode eps = root.get("endpoints");
            if (eps == null || !eps.isArray()) {
                throw new ZnodeFormatException(what + ": missing field 'endpoints'");
            }
            endpoints = new java.util.ArrayList<>();
            for (JsonNode ep : eps) {
                String text = ep.asText();
                int sep = text.indexOf("://");
                String listener = sep > 0 ? text.substring(0, sep) : text;
                endpoints.add(Endpoint.parse(text, protocols.get(listener)));
            }
        }
        JsonNode rackNode = root.get("rack");
        String rack = rackNode == null || rackNode.isNull() ? null : rackNode.asText();
        Map<String, VersionRange> features = new TreeMap<>();
        JsonNode feats = root.get("features");
        if (feats != null && feats.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = feats.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                features.put(f.getKey(), new VersionRange(
                        (short) Json.requiredInt(f.getValue(), "min_version", what),
                        (short) Json.requiredInt(f.getValue(), "max_version", what)));
            }
        }
        return new BrokerInfo(id, endpoints, rack, jmxPort, timestamp, features);
    }

    @Override
    public String toString() {
        return "BrokerInfo(id=" + id + ", endpoints=" + endpoints + ", rack=" + Objects.toString(rack) + ")";
    }
}
