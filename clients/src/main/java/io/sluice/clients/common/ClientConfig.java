package io.sluice.clients.common;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client configuration under Kafka's config names, read from {@link Properties} (string values) or a
 * {@code Map<String, Object>} (strings or typed values: Integer, Long, Boolean, Class, List).
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.of(properties);
 * List<InetSocketAddress> bootstrap = config.bootstrapServers();      // required, "host:port,host:port"
 * int timeoutMs = config.getInt(ClientConfig.REQUEST_TIMEOUT_MS, 30_000);
 * }</pre>
 *
 * Getters take the default to use when the name is absent, because producer, consumer and admin
 * default some names differently; the constants below give the names and the defaults shared by all
 * three. A value of the wrong type or format throws {@link ConfigException} naming the key.
 * Immutable and thread-safe.
 */
public final class ClientConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String CLIENT_ID = "client.id";
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String RECONNECT_BACKOFF_MS = "reconnect.backoff.ms";
    public static final String RECONNECT_BACKOFF_MAX_MS = "reconnect.backoff.max.ms";
    public static final String CONNECTIONS_MAX_IDLE_MS = "connections.max.idle.ms";
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS = "socket.connection.setup.timeout.ms";
    public static final String METADATA_MAX_AGE_MS = "metadata.max.age.ms";
    public static final String SEND_BUFFER_BYTES = "send.buffer.bytes";
    public static final String RECEIVE_BUFFER_BYTES = "receive.buffer.bytes";
    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    public static final String ALLOW_AUTO_CREATE_TOPICS = "allow.auto.create.topics";

    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 100;
    public static final long DEFAULT_RETRY_BACKOFF_MAX_MS = 1_000;
    public static final long DEFAULT_RECONNECT_BACKOFF_MS = 50;
    public static final long DEFAULT_RECONNECT_BACKOFF_MAX_MS = 1_000;
    public static final long DEFAULT_CONNECTIONS_MAX_IDLE_MS = 540_000;
    public static final long DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_METADATA_MAX_AGE_MS = 300_000;
    public static final int DEFAULT_SEND_BUFFER_BYTES = 128 * 1024;
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 64 * 1024;

    private static final AtomicInteger CLIENT_SEQUENCE = new AtomicInteger();

    private final Map<String, Object> values;

    public ClientConfig(Map<String, ?> values) {
        Map<String, Object> copy = new HashMap<>();
        values.forEach((k, v) -> copy.put(String.valueOf(k), v));
        this.values = Collections.unmodifiableMap(copy);
    }

    public static ClientConfig of(Properties properties) {
        Map<String, Object> map = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        // Non-string values put into a Properties object directly are kept too.
        properties.forEach((k, v) -> map.putIfAbsent(String.valueOf(k), v));
        return new ClientConfig(map);
    }

    /** A copy with {@code name} set to {@code value} (for defaults a client derives from other keys). */
    public ClientConfig with(String name, Object value) {
        Map<String, Object> copy = new HashMap<>(values);
        copy.put(name, value);
        return new ClientConfig(copy);
    }

    /** Every key and value as given. */
    public Map<String, Object> originals() {
        return values;
    }

    public boolean contains(String name) {
        return values.get(name) != null;
    }

    public Object get(String name) {
        return values.get(name);
    }

    public String getString(String name, String defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        return value.toString().trim();
    }

    public String requireString(String name) {
        String value = getString(name, null);
        if (value == null || value.isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + name + "\" which has no default value.");
        }
        return value;
    }

    public int getInt(String name, int defaultValue) {
        long value = getLong(name, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new ConfigException(name, values.get(name), "does not fit an int");
        }
        return (int) value;
    }

    public long getLong(String name, long defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        String text = value.toString().trim();
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, value, "not a number");
        }
    }

    /** Like {@link #getLong} but rejects negative values. */
    public long getNonNegativeLong(String name, long defaultValue) {
        long value = getLong(name, defaultValue);
        if (value < 0) {
            throw new ConfigException(name, value, "must be >= 0");
        }
        return value;
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            case "" -> defaultValue;
            default -> throw new ConfigException(name, value, "expected true or false");
        };
    }

    /** A comma-separated string or a List, trimmed, without empty entries. Empty when absent. */
    public List<String> getList(String name) {
        Object value = values.get(name);
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object element : list) {
                String s = String.valueOf(element).trim();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        } else if (value != null) {
            for (String s : value.toString().split(",")) {
                if (!s.trim().isEmpty()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /** The {@code bootstrap.servers} addresses (unresolved, resolved at connect time); at least one. */
    public List<InetSocketAddress> bootstrapServers() {
        List<String> entries = getList(BOOTSTRAP_SERVERS);
        if (entries.isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + BOOTSTRAP_SERVERS + "\" which has no default value.");
        }
        List<InetSocketAddress> out = new ArrayList<>(entries.size());
        for (String entry : entries) {
            out.add(parseAddress(entry));
        }
        return out;
    }

    /** {@code host:port} or {@code [ipv6]:port}. */
    public static InetSocketAddress parseAddress(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new ConfigException(BOOTSTRAP_SERVERS, entry, "expected host:port");
        }
        String host = entry.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(BOOTSTRAP_SERVERS, entry, "port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(BOOTSTRAP_SERVERS, entry, "port out of range");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code client.id}, or {@code prefix-N} with a process-wide counter when it is not set. */
    public String clientId(String prefix) {
        String id = getString(CLIENT_ID, "");
        return id.isEmpty() ? prefix + "-" + CLIENT_SEQUENCE.incrementAndGet() : id;
    }

    /**
     * A class named by {@code name} (a Class or a class name), loaded with this thread's context class
     * loader; null when absent.
     */
    public Class<?> getClass(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Class<?> type) {
            return type;
        }
        String className = value.toString().trim();
        if (className.isEmpty()) {
            return null;
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Class.forName(className, true, loader != null ? loader : ClientConfig.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(name, className, "class not found");
        }
    }

    @Override
    public String toString() {
        return "ClientConfig" + values;
    }
}
