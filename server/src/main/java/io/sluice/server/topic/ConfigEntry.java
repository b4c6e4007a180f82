package io.sluice.server.topic;

import java.util.List;

/**
 * One described config: its effective value, where that value comes from, and the synonyms (the
 * places a value could come from, highest precedence first) as DescribeConfigs reports them.
 *
 * @param value null for sensitive values
 */
public record ConfigEntry(String name, String value, ConfigSource source, boolean readOnly, boolean sensitive,
        ConfigType type, String documentation, List<Synonym> synonyms) {

    public ConfigEntry {
        synonyms = List.copyOf(synonyms);
    }

    /** A value the config could take from {@code source}, under that source's key name. */
    public record Synonym(String name, String value, ConfigSource source) {
    }
}
