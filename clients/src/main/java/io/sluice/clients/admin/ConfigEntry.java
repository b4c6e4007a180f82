package io.sluice.clients.admin;

import java.util.List;

/**
 * One config of a topic or broker as DescribeConfigs reports it. {@code value} is null for a
 * sensitive config or one without a value. {@code synonyms} lists where the value could come from,
 * most specific first (empty unless the broker sent them).
 */
public record ConfigEntry(String name, String value, Source source, boolean readOnly, boolean sensitive,
        List<Synonym> synonyms) {

    /** Where a value comes from; the codes are Kafka's DescribeConfigs config_source values. */
    public enum Source {
        UNKNOWN(0, "UNKNOWN"),
        DYNAMIC_TOPIC_CONFIG(1, "DYNAMIC_TOPIC_CONFIG"),
        DYNAMIC_BROKER_CONFIG(2, "DYNAMIC_BROKER_CONFIG"),
        DYNAMIC_DEFAULT_BROKER_CONFIG(3, "DYNAMIC_DEFAULT_BROKER_CONFIG"),
        STATIC_BROKER_CONFIG(4, "STATIC_BROKER_CONFIG"),
        DEFAULT_CONFIG(5, "DEFAULT_CONFIG"),
        DYNAMIC_BROKER_LOGGER_CONFIG(6, "DYNAMIC_BROKER_LOGGER_CONFIG"),
        CLIENT_METRICS_CONFIG(7, "CLIENT_METRICS_CONFIG");

        private final int code;
        private final String label;

        Source(int code, String label) {
            this.code = code;
            this.label = label;
        }

        public int code() {
            return code;
        }

        public static Source forCode(int code) {
            for (Source source : values()) {
                if (source.code == code) {
                    return source;
                }
            }
            return UNKNOWN;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Another place the config is set, as {@code name=value} from {@code source}. */
    public record Synonym(String name, String value, Source source) {
    }

    public ConfigEntry {
        synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
    }

    /** True when nobody set the value: it is the built-in default. */
    public boolean isDefault() {
        return source == Source.DEFAULT_CONFIG;
    }
}
