package io.sluice.clients.admin;

import java.util.List;

/** The configs of one resource, in the broker's order. */
public record Config(List<ConfigEntry> entries) {

    public Config {
        entries = List.copyOf(entries);
    }

    /** The entry named {@code name}, or null. */
    public ConfigEntry get(String name) {
        for (ConfigEntry entry : entries) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        return null;
    }
}
