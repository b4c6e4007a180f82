package io.sluice.server.topic;

/** The value type DescribeConfigs v3+ reports for a config key (the wire codes of Kafka's ConfigType). */
public enum ConfigType {
    UNKNOWN(0),
    BOOLEAN(1),
    STRING(2),
    INT(3),
    SHORT(4),
    LONG(5),
    DOUBLE(6),
    LIST(7),
    CLASS(8),
    PASSWORD(9);

    private final byte code;

    ConfigType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }
}
