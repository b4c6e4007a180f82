package io.sluice.server.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * Typed reads of one {@link Properties} object. Every failure is a {@link ConfigException} that names the
 * key and quotes the offending value. Values are trimmed; an empty value counts as absent, which is what
 * an operator means by {@code key=} in a properties file.
 */
final class ConfigReader {

    private final Properties properties;

    ConfigReader(Properties properties) {
        this.properties = properties;
    }

    /** The trimmed value, or null when absent or empty. Non-string values put() into the Properties count too. */
    String raw(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            Object object = properties.get(key);
            value = object == null ? null : object.toString();
        }
        if (value == null) {
            return null;
        }
        value = value.trim();
        return value.isEmpty() ? null : value;
    }

    boolean contains(String key) {
        return raw(key) != null;
    }

    String string(String key, String defaultValue) {
        String value = raw(key);
        return value == null ? defaultValue : value;
    }

    String requiredString(String key) {
        String value = raw(key);
        if (value == null) {
            throw new ConfigException(key, null, "this configuration is required");
        }
        return value;
    }

    int intValue(String key, int defaultValue, int min, int max) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        return checkedInt(key, value, min, max);
    }

    int requiredInt(String key, int min, int max) {
        return checkedInt(key, requiredString(key), min, max);
    }

    long longValue(String key, long defaultValue, long min, long max) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "not a 64-bit integer");
        }
        checkRange(key, value, parsed, min, max);
        return parsed;
    }

    boolean booleanValue(String key, boolean defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        // Boolean.parseBoolean would read "yes" or "ture" as false; a typo must fail loudly instead.
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key, value, "expected true or false");
    }

    /** A comma-separated list with blank entries dropped; the default is parsed the same way. */
    List<String> list(String key, String defaultValue) {
        String value = raw(key);
        if (value == null) {
            value = defaultValue;
        }
        if (value == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (!trimmed.isEmpty()) {
                items.add(trimmed);
            }
        }
        return Collections.unmodifiableList(items);
    }

    private static int checkedInt(String key, String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "not a 32-bit integer");
        }
        checkRange(key, value, parsed, min, max);
        return parsed;
    }

    private static void checkRange(String key, String value, long parsed, long min, long max) {
        if (parsed < min || parsed > max) {
            throw new ConfigException(key, value, "must be " + describeRange(min, max));
        }
    }

    private static String describeRange(long min, long max) {
        boolean noMax = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
        return noMax ? "at least " + min : "between " + min + " and " + max;
    }
}
