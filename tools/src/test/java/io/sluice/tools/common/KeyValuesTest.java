package io.sluice.tools.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValuesTest {

    @Test
    void repeatedPairsKeepEqualsSignsAndCommasInValues() {
        assertThat(KeyValues.parsePairs(List.of("a=1", "b=x=y", "c=p,q", "a=2"), "--config"))
                .containsExactly(entry("a", "2"), entry("b", "x=y"), entry("c", "p,q"));
    }

    @Test
    void aPairWithoutEqualsSignIsAUsageError() {
        assertThatThrownBy(() -> KeyValues.parsePairs(List.of("retention.ms"), "--config"))
                .isInstanceOfSatisfying(ToolException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessageContaining("--config 'retention.ms'");
    }

    @Test
    void aConfigListSplitsAtCommasOutsideBrackets() {
        assertThat(KeyValues.parseConfigList("k1=v1,k2=[v1,v2,v2],k3=v3", "--add-config"))
                .containsExactly(entry("k1", "v1"), entry("k2", "v1,v2,v2"), entry("k3", "v3"));
        assertThat(KeyValues.parseConfigList("retention.ms=1000", "--add-config")).containsExactly(entry("retention.ms", "1000"));
    }

    @Test
    void namesAreTrimmedAndBlanksDropped() {
        assertThat(KeyValues.parseNames(" a, b,,c ")).containsExactly("a", "b", "c");
    }

    @Test
    void loadsAPropertiesFileAndReportsAMissingOneInOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("producer.properties");
        Files.writeString(file, "# comment\nbootstrap.servers=localhost:9092\ncompression.type=none\n");
        assertThat(KeyValues.loadFile(file)).containsOnly(entry("bootstrap.servers", "localhost:9092"), entry("compression.type", "none"));
        assertThatThrownBy(() -> KeyValues.loadFile(dir.resolve("missing.properties")))
                .isInstanceOf(ToolException.class).hasMessage("No such file: " + dir.resolve("missing.properties"));
    }

    @Test
    void aClientConfigIsTheFileThenThePairsOverIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("producer.properties");
        Files.writeString(file, "bootstrap.servers=localhost:9092\nacks=1\n");
        java.util.Map<String, Object> config = KeyValues.clientConfig(file, List.of("acks=all", "linger.ms=5"), "--producer-props");
        assertThat(config).containsOnly(java.util.Map.entry("bootstrap.servers", "localhost:9092"),
                java.util.Map.entry("acks", "all"), java.util.Map.entry("linger.ms", "5"));
        config.put("client.id", "tool");
        assertThat(KeyValues.clientConfig(null, null, null)).isEmpty();
        assertThatThrownBy(() -> KeyValues.clientConfig(null, List.of("acks"), "--producer-props"))
                .isInstanceOfSatisfying(ToolException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("Invalid --producer-props 'acks': expected key=value");
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
