package io.sluice.server.config;

/**
 * A configuration value that is missing, malformed or out of range. The message always names the key,
 * so an operator reading a failed start-up can fix {@code server.properties} without reading code.
 */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, Object value, String reason) {
        super("Invalid value " + (value == null ? "(missing)" : "'" + value + "'") + " for configuration "
                + key + ": " + reason);
        this.key = key;
    }

    /** The configuration key whose value was rejected. */
    public String key() {
        return key;
    }
}
