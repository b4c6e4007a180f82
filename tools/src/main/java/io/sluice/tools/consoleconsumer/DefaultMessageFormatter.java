package io.sluice.tools.consoleconsumer;

import io.sluice.record.Header;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The console consumer's default output, configured with {@code --property} as Kafka's
 * DefaultMessageFormatter is: {@code print.timestamp}, {@code print.partition}, {@code print.offset},
 * {@code print.headers}, {@code print.key}, {@code print.value} (default true), {@code key.separator}
 * (default tab), {@code line.separator} (default newline), {@code headers.separator} (default ","),
 * {@code null.literal} (default "null"). Fields come in this order, each followed by the key
 * separator when another field follows:
 * <pre>CreateTime:1700000000000	Partition:0	Offset:3	h1:v1,h2:v2	key	value</pre>
 * Keys, values and headers are printed as their raw bytes. Not thread-safe (one consumer thread).
 */
public final class DefaultMessageFormatter implements MessageFormatter {

    private final boolean printTimestamp;
    private final boolean printPartition;
    private final boolean printOffset;
    private final boolean printHeaders;
    private final boolean printKey;
    private final boolean printValue;
    private final byte[] keySeparator;
    private final byte[] lineSeparator;
    private final byte[] headersSeparator;
    private final byte[] nullLiteral;

    public DefaultMessageFormatter(Map<String, String> properties) {
        printTimestamp = flag(properties, "print.timestamp", false);
        printPartition = flag(properties, "print.partition", false);
        printOffset = flag(properties, "print.offset", false);
        printHeaders = flag(properties, "print.headers", false);
        printKey = flag(properties, "print.key", false);
        printValue = flag(properties, "print.value", true);
        keySeparator = bytes(properties, "key.separator", "\t");
        lineSeparator = bytes(properties, "line.separator", "\n");
        headersSeparator = bytes(properties, "headers.separator", ",");
        nullLiteral = bytes(properties, "null.literal", "null");
    }

    @Override
    public void writeTo(ConsoleRecord record, PrintStream out) {
        if (printTimestamp) {
            out.print(record.timestampType() == null ? "NO_TIMESTAMP" : record.timestampType() + ":" + record.timestamp());
            separator(out, printPartition || printOffset || printHeaders || printKey || printValue);
        }
        if (printPartition) {
            out.print("Partition:" + record.partition());
            separator(out, printOffset || printHeaders || printKey || printValue);
        }
        if (printOffset) {
            out.print("Offset:" + record.offset());
            separator(out, printHeaders || printKey || printValue);
        }
        if (printHeaders) {
            Iterator<Header> headers = record.headers().iterator();
            if (!headers.hasNext()) {
                out.print("NO_HEADERS");
            }
            while (headers.hasNext()) {
                Header header = headers.next();
                out.print(header.key() + ":");
                out.writeBytes(orNull(header.value()));
                if (headers.hasNext()) {
                    out.writeBytes(headersSeparator);
                }
            }
            separator(out, printKey || printValue);
        }
        if (printKey) {
            out.writeBytes(orNull(record.key()));
            separator(out, printValue);
        }
        if (printValue) {
            out.writeBytes(orNull(record.value()));
            out.writeBytes(lineSeparator);
        }
    }

    private void separator(PrintStream out, boolean moreColumns) {
        out.writeBytes(moreColumns ? keySeparator : lineSeparator);
    }

    private byte[] orNull(byte[] bytes) {
        return bytes == null ? nullLiteral : bytes;
    }

    private static boolean flag(Map<String, String> properties, String name, boolean defaultValue) {
        String value = properties.get(name);
        return value == null ? defaultValue : value.trim().equalsIgnoreCase("true");
    }

    private static byte[] bytes(Map<String, String> properties, String name, String defaultValue) {
        String value = properties.getOrDefault(name, defaultValue);
        return unescape(value).getBytes(StandardCharsets.UTF_8);
    }

    /** "\t", "\n" and "\r" typed on a command line arrive as two characters; Kafka's users expect them to work. */
    static String unescape(String value) {
        return value.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r");
    }
}
