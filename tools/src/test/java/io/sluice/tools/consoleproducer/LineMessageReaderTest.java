package io.sluice.tools.consoleproducer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.tools.common.ToolException;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineMessageReaderTest {

    @Test
    void eachLineIsOneValueWithoutKey() {
        assertThat(read("first\nsecond line\n\nlast", Map.of()))
                .containsExactly("null=first", "null=second line", "null=", "null=last");
    }

    @Test
    void parseKeySplitsAtTheFirstSeparator() {
        assertThat(read("a:1\nb:2:3", Map.of("parse.key", "true", "key.separator", ":")))
                .containsExactly("a=1", "b=2:3");
        assertThat(read("a\t1", Map.of("parse.key", "true"))).containsExactly("a=1");
    }

    @Test
    void aLineWithoutSeparatorIsAnErrorUnlessIgnored() {
        LineMessageReader reader = reader("a:1\nno separator", Map.of("parse.key", "true", "key.separator", ":"));
        reader.next();
        assertThatThrownBy(reader::next).isInstanceOf(ToolException.class)
                .hasMessage("No key separator found on line number 2: 'no separator'");
        assertThat(read("no separator", Map.of("parse.key", "true", "key.separator", ":", "ignore.error", "true")))
                .containsExactly("null=no separator");
    }

    @Test
    void theNullMarkerMakesATombstone() {
        assertThat(read("k:<null>", Map.of("parse.key", "true", "key.separator", ":", "null.marker", "<null>")))
                .containsExactly("k=null");
    }

    private static List<String> read(String input, Map<String, String> properties) {
        LineMessageReader reader = reader(input, properties);
        List<String> records = new ArrayList<>();
        for (LineMessageReader.Message m = reader.next(); m != null; m = reader.next()) {
            records.add(text(m.key()) + "=" + text(m.value()));
        }
        return records;
    }

    private static LineMessageReader reader(String input, Map<String, String> properties) {
        return new LineMessageReader(new BufferedReader(new StringReader(input)), properties);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
