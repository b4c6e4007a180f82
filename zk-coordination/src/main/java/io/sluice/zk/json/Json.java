package io.sluice.zk.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one Jackson mapper behind every znode codec, plus field readers that fail with a message
 * naming the znode and the field. Codecs build {@link ObjectNode}s by hand (rather than binding
 * POJOs) so the field names and value types are exactly Kafka's: some numbers are JSON strings
 * there ({@code "timestamp":"1700000000000"}, {@code "block_start":"0"}) and we keep that.
 *
 * <p>Thread-safe: {@code ObjectMapper} is safe once configured.
 */
public final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise znode JSON", e);
        }
    }

    /** Parses a znode's bytes as a JSON object. */
    public static JsonNode parse(byte[] data, String what) {
        if (data == null || data.length == 0) {
            throw new ZnodeFormatException(what + ": empty znode");
        }
        try {
            JsonNode node = MAPPER.readTree(data);
            if (node == null || !node.isObject()) {
                throw new ZnodeFormatException(what + ": expected a JSON object but got "
                        + new String(data, StandardCharsets.UTF_8));
            }
            return node;
        } catch (IOException e) {
            throw new ZnodeFormatException(what + ": malformed JSON " + new String(data, StandardCharsets.UTF_8), e);
        }
    }

    /** A required integer; accepts a JSON number or a decimal string (Kafka writes both). */
    public static int requiredInt(JsonNode node, String field, String what) {
        return Math.toIntExact(requiredLong(node, field, what));
    }

    public static long requiredLong(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ZnodeFormatException(what + ": missing field '" + field + "'");
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText());
            } catch (NumberFormatException e) {
                throw new ZnodeFormatException(what + ": field '" + field + "' is not a number: " + value, e);
            }
        }
        throw new ZnodeFormatException(what + ": field '" + field + "' is not a number: " + value);
    }

    public static String requiredText(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new ZnodeFormatException(what + ": missing field '" + field + "'");
        }
        return value.asText();
    }
}
