package io.sluice.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The perf tools' scripts run their main classes: --help exits 0 with the usage, an unknown flag exits 2. */
class PerfScriptsTest {

    @Test
    void scriptsPrintTheirUsageAndRefuseUnknownFlags() throws Exception {
        String[][] scripts = {
                {"sluice-producer-perf-test.sh", "--num-records"},
                {"sluice-consumer-perf-test.sh", "--messages"},
                {"sluice-e2e-latency.sh", "message_size_bytes"},
        };
        for (String[] script : scripts) {
            assertThat(ToolProcess.runScript(Map.of(), script[0], "--help"))
                    .contains("Usage: " + script[0]).contains(script[1]);
            try (ToolProcess process = ToolProcess.script(Map.of(), script[0], "--no-such-flag")) {
                assertThat(process.waitFor()).as(process.output()).isEqualTo(2);
                assertThat(process.output()).contains("--no-such-flag");
            }
        }
    }
}
