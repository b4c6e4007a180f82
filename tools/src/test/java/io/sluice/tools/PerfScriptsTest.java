package io.sluice.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The perf tools' scripts run their main classes: --help exits 0 with the usage, an unknown flag exits 2. */
class PerfScriptsTest {

    @Test
    void scriptsPrintTheirUsageAndRefuseUnknownFlags() throws Exception {
        // script, a word of its usage, otherwise valid arguments
        String[][] scripts = {
                {"sluice-producer-perf-test.sh", "--num-records", "--topic", "t", "--num-records", "1", "--record-size", "1",
                        "--throughput", "-1", "--producer-props", "bootstrap.servers=127.0.0.1:1"},
                {"sluice-consumer-perf-test.sh", "--messages", "--bootstrap-server", "127.0.0.1:1", "--topic", "t",
                        "--messages", "1"},
                {"sluice-e2e-latency.sh", "message_size_bytes", "127.0.0.1:1", "t", "1", "all", "1"},
        };
        for (String[] script : scripts) {
            assertThat(ToolProcess.runScript(Map.of(), script[0], "--help"))
                    .contains("Usage: " + script[0]).contains(script[1]);
            List<String> args = new ArrayList<>(List.of(script).subList(2, script.length));
            args.add(0, "--no-such-flag");
            try (ToolProcess process = ToolProcess.script(Map.of(), script[0], args.toArray(String[]::new))) {
                assertThat(process.waitFor()).as(process.output()).isEqualTo(2);
                assertThat(process.output()).contains("--no-such-flag");
            }
        }
    }
}
