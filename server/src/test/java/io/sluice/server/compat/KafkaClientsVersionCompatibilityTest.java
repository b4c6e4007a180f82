package io.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * Proves which kafka-clients the compatibility tests of this run exercise. The server module's build runs
 * every {@code *CompatibilityTest} twice, once per supported kafka-clients line, and tells each run the
 * version it put on the class path in the system property {@value #EXPECTED_VERSION}.
 */
class KafkaClientsVersionCompatibilityTest {

    static final String EXPECTED_VERSION = "sluice.expected.kafka.clients.version";

    @Test
    void theClassPathHoldsOnlyTheExpectedKafkaVersion() throws Exception {
        String expected = System.getProperty(EXPECTED_VERSION);
        assertThat(expected).as("system property %s, set per surefire execution", EXPECTED_VERSION).isNotBlank();
        System.out.println("Compatibility tests run against kafka-clients " + AppInfoParser.getVersion());

        assertThat(AppInfoParser.getVersion()).isEqualTo(expected);
        URL jar = AppInfoParser.class.getProtectionDomain().getCodeSource().getLocation();
        assertThat(jar.getPath()).endsWith("kafka-clients-" + expected + ".jar");
        // Every Apache Kafka jar carries this resource: none of another release may share the class path.
        List<URL> versionFiles = Collections.list(
                getClass().getClassLoader().getResources("kafka/kafka-version.properties"));
        assertThat(versionFiles).isNotEmpty();
        for (URL versionFile : versionFiles) {
            Properties props = new Properties();
            try (InputStream in = versionFile.openStream()) {
                props.load(in);
            }
            assertThat(props.getProperty("version")).as("version in %s", versionFile).isEqualTo(expected);
        }
    }
}
