package io.sluice.tools.common;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Parses the {@code key=value} arguments of the tools, as Kafka's tools accept them:
 * <ul>
 *   <li>repeated flags, one pair each: {@code --config retention.ms=1000 --config cleanup.policy=compact};</li>
 *   <li>a comma-separated list in one flag: {@code --add-config retention.ms=1000,cleanup.policy=compact},
 *       where a value holding commas is put in square brackets: {@code k=[a,b]};</li>
 *   <li>a properties file ({@code --producer.config conf/producer.properties}).</li>
 * </ul>
 * Pure functions; thread-safe.
 */
public final class KeyValues {

    private KeyValues() {
    }

    /** Parses repeated {@code key=value} flags; the value may contain '=' and commas. Later pairs win. */
    public static Map<String, String> parsePairs(List<String> pairs, String flag) {
        Map<String, String> result = new LinkedHashMap<>();
        if (pairs == null) {
            return result;
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ToolException("Invalid " + flag + " '" + pair + "': expected key=value", ToolRunner.USAGE_ERROR);
            }
            result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return result;
    }

    /**
     * Parses a comma-separated {@code k=v,k=[a,b]} list (Kafka's {@code --add-config} syntax); the
     * brackets are removed from a bracketed value.
     */
    public static Map<String, String> parseConfigList(String list, String flag) {
        List<String> pairs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : list.toCharArray()) {
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            }
            if (c == ',' && depth == 0) {
                pairs.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            pairs.add(current.toString());
        }
        Map<String, String> parsed = parsePairs(pairs, flag);
        parsed.replaceAll((k, v) -> v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v);
        return parsed;
    }

    /** Splits a comma-separated list of names, trimming blanks. */
    public static List<String> parseNames(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                names.add(name.trim());
            }
        }
        return names;
    }

    /**
     * A client's config as every tool builds it from {@code --producer.config}/{@code --consumer.config}/
     * {@code --command-config} and repeated {@code key=value} flags: the properties file (none if
     * {@code file} is null), then the pairs over it. The map is mutable: the tool adds its own settings.
     */
    public static Map<String, Object> clientConfig(Path file, List<String> pairs, String flag) {
        Map<String, Object> config = new HashMap<>();
        if (file != null) {
            config.putAll(loadFile(file));
        }
        config.putAll(parsePairs(pairs, flag));
        return config;
    }

    /** Reads a properties file into a map; a missing file is a one-line error. */
    public static Map<String, String> loadFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ToolException("No such file: " + file);
        } catch (IOException e) {
            throw new ToolException("Cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            result.put(name, properties.getProperty(name));
        }
        return result;
    }
}
