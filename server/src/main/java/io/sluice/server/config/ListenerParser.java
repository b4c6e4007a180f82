package io.sluice.server.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses listener lists ({@code listeners}, {@code advertised.listeners}) and the listener-name to
 * security-protocol map, with Kafka's syntax:
 *
 * <pre>
 *   listeners = NAME://host:port[,NAME://host:port...]
 *   host      = name | IPv4 literal | [IPv6 literal] | empty (all interfaces)
 *   listener.security.protocol.map = NAME:PROTOCOL[,NAME:PROTOCOL...]
 * </pre>
 *
 * Listener names are case-insensitive and normalised to upper case, as Kafka does.
 */
final class ListenerParser {

    private ListenerParser() {
    }

    static Map<String, SecurityProtocol> parseProtocolMap(String key, List<String> entries) {
        Map<String, SecurityProtocol> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ConfigException(key, entry, "expected LISTENER_NAME:SECURITY_PROTOCOL");
            }
            String name = entry.substring(0, colon).trim().toUpperCase(Locale.ROOT);
            SecurityProtocol protocol = SecurityProtocol.forName(entry.substring(colon + 1));
            if (protocol == null) {
                throw new ConfigException(key, entry, "unknown security protocol; known: PLAINTEXT, SSL, "
                        + "SASL_PLAINTEXT, SASL_SSL");
            }
            if (map.put(name, protocol) != null) {
                throw new ConfigException(key, entry, "listener name " + name + " appears twice");
            }
        }
        return map;
    }

    static List<EndPoint> parseListeners(String key, List<String> entries, Map<String, SecurityProtocol> protocols,
            String protocolMapKey) {
        if (entries.isEmpty()) {
            throw new ConfigException(key, "", "at least one listener is required");
        }
        List<EndPoint> endPoints = new ArrayList<>(entries.size());
        Set<String> names = new HashSet<>();
        for (String entry : entries) {
            EndPoint endPoint = parseOne(key, entry, protocols, protocolMapKey);
            if (!names.add(endPoint.listenerName())) {
                throw new ConfigException(key, String.join(",", entries),
                        "listener name " + endPoint.listenerName() + " appears more than once");
            }
            endPoints.add(endPoint);
        }
        return List.copyOf(endPoints);
    }

    private static EndPoint parseOne(String key, String entry, Map<String, SecurityProtocol> protocols,
            String protocolMapKey) {
        int separator = entry.indexOf("://");
        if (separator <= 0) {
            throw new ConfigException(key, entry, "expected NAME://host:port");
        }
        String name = entry.substring(0, separator).toUpperCase(Locale.ROOT);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                throw new ConfigException(key, entry, "listener name may use only letters, digits, '_' and '-'");
            }
        }
        String address = entry.substring(separator + 3);
        String host;
        String portText;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0 || close + 1 >= address.length() || address.charAt(close + 1) != ':') {
                throw new ConfigException(key, entry, "expected [IPv6 literal]:port");
            }
            host = address.substring(1, close);
            portText = address.substring(close + 2);
        } else {
            int colon = address.lastIndexOf(':');
            if (colon < 0) {
                throw new ConfigException(key, entry, "expected NAME://host:port (the port is missing)");
            }
            host = address.substring(0, colon);
            portText = address.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new ConfigException(key, entry, "IPv6 literals must be written in brackets, e.g. [::1]:9092");
            }
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, entry, "port '" + portText + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(key, entry, "port must be between 0 and 65535");
        }
        SecurityProtocol protocol = protocols.get(name);
        if (protocol == null) {
            throw new ConfigException(key, entry, "listener name " + name + " has no entry in " + protocolMapKey);
        }
        if (!protocol.isSupported()) {
            throw new ConfigException(key, entry, "security protocol " + protocol + " is not supported yet "
                    + "(only PLAINTEXT)");
        }
        return new EndPoint(name, host, port, protocol);
    }
}
