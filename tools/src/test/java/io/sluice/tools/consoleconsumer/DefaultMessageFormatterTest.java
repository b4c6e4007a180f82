package io.sluice.tools.consoleconsumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.Header;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultMessageFormatterTest {

    private final ConsoleRecord record = new ConsoleRecord("orders", 2, 17, "CreateTime", 1700000000000L,
            "k1".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8),
            List.of(Header.of("h1", "x"), Header.of("h2", null)));

    @Test
    void byDefaultOnlyTheValueIsPrinted() {
        assertThat(format(Map.of(), record)).isEqualTo("v1\n");
    }

    @Test
    void everyColumnInKafkasOrderSeparatedByTheKeySeparator() {
        Map<String, String> all = Map.of("print.timestamp", "true", "print.partition", "true", "print.offset", "true",
                "print.headers", "true", "print.key", "true", "key.separator", ":");
        assertThat(format(all, record)).isEqualTo("CreateTime:1700000000000:Partition:2:Offset:17:h1:x,h2:null:k1:v1\n");
    }

    @Test
    void nullKeysAndValuesPrintTheNullLiteral() {
        ConsoleRecord tombstone = new ConsoleRecord("t", 0, 0, null, -1, null, null, List.of());
        assertThat(format(Map.of("print.key", "true", "print.timestamp", "true"), tombstone)).isEqualTo("NO_TIMESTAMP\tnull\tnull\n");
        assertThat(format(Map.of("print.key", "true", "null.literal", "<none>"), tombstone)).isEqualTo("<none>\t<none>\n");
    }

    @Test
    void withoutTheValueTheLastColumnEndsTheLine() {
        assertThat(format(Map.of("print.key", "true", "print.value", "false"), record)).isEqualTo("k1\n");
        assertThat(format(Map.of("print.offset", "true", "print.value", "false", "print.headers", "false"), record))
                .isEqualTo("Offset:17\n");
    }

    @Test
    void escapedSeparatorsTypedOnACommandLineWork() {
        assertThat(format(Map.of("print.key", "true", "key.separator", "\\t", "line.separator", "\\n"), record)).isEqualTo("k1\tv1\n");
    }

    private static String format(Map<String, String> properties, ConsoleRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new DefaultMessageFormatter(properties).writeTo(record, out);
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
