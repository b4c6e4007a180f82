package io.sluice.record;

/** Attribute bit 3 of a batch; {@code message.timestamp.type} of a topic. */
public enum TimestampType {
    CREATE_TIME("CreateTime"),
    LOG_APPEND_TIME("LogAppendTime");

    public final String name;

    TimestampType(String name) {
        this.name = name;
    }

    public static TimestampType forConfig(String value) {
        for (TimestampType type : values()) {
            if (type.name.equalsIgnoreCase(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown message.timestamp.type '" + value + "': expected CreateTime or LogAppendTime");
    }

    @Override
    public String toString() {
        return name;
    }
}
