package io.sluice.clients.common;

/** A configuration value is missing, of the wrong type, or out of range. */
public class ConfigException extends SluiceException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String name, Object value, String why) {
        super("Invalid value " + value + " for configuration " + name + ": " + why);
    }
}
