package io.sluice.clients.admin;

import java.util.Objects;

/**
 * What a config belongs to: a topic (by name) or a broker (by id as a string; an empty name means the
 * cluster-wide broker default). The wire codes are Kafka's resource types.
 */
public record ConfigResource(Type type, String name) {

    public enum Type {
        TOPIC((byte) 2), BROKER((byte) 4);

        private final byte code;

        Type(byte code) {
            this.code = code;
        }

        public byte code() {
            return code;
        }

        public static Type forCode(byte code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            throw new IllegalArgumentException("Unknown config resource type " + code);
        }
    }

    public ConfigResource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    public static ConfigResource topic(String name) {
        return new ConfigResource(Type.TOPIC, name);
    }

    public static ConfigResource broker(int id) {
        return new ConfigResource(Type.BROKER, Integer.toString(id));
    }
}
