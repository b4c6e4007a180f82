package io.sluice.server.config;

import java.util.Locale;

/**
 * The security protocols Kafka names in {@code listener.security.protocol.map}. Only {@link #PLAINTEXT}
 * is implemented; the others are known so that a configuration naming them fails with "not supported"
 * rather than "unknown".
 */
public enum SecurityProtocol {
    PLAINTEXT(true),
    SSL(false),
    SASL_PLAINTEXT(false),
    SASL_SSL(false);

    private final boolean supported;

    SecurityProtocol(boolean supported) {
        this.supported = supported;
    }

    public boolean isSupported() {
        return supported;
    }

    /** Parses a protocol name case-insensitively; returns null for a name Kafka does not define. */
    static SecurityProtocol forName(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
