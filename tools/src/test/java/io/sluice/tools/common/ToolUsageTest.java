package io.sluice.tools.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.tools.configs.ConfigsCommand;
import io.sluice.tools.consoleconsumer.ConsoleConsumer;
import io.sluice.tools.groups.ConsumerGroupsCommand;
import io.sluice.tools.topics.TopicsCommand;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tool's command-line contract, without a cluster: --help prints the usage on stdout and exits
 * 0; an unknown flag, a missing required flag or a bad combination prints the problem and the usage
 * on stderr and exits 2, without a stack trace.
 */
class ToolUsageTest {

    static Stream<Arguments> tools() {
        return Stream.of(
                Arguments.of("sluice-topics.sh", (ToolRunner.Tool) TopicsCommand::run,
                        new String[] {"--bootstrap-server", "localhost:1", "--create", "--list", "--topic", "t"}),
                Arguments.of("sluice-configs.sh", (ToolRunner.Tool) ConfigsCommand::run,
                        new String[] {"--bootstrap-server", "localhost:1", "--entity-type", "users", "--describe"}),
                Arguments.of("sluice-consumer-groups.sh", (ToolRunner.Tool) ConsumerGroupsCommand::run,
                        new String[] {"--bootstrap-server", "localhost:1", "--reset-offsets", "--group", "g", "--all-topics"}),
                Arguments.of("sluice-console-consumer.sh", (ToolRunner.Tool) ConsoleConsumer::run,
                        new String[] {"--bootstrap-server", "localhost:1", "--topic", "t", "--partition", "0", "--group", "g"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void helpPrintsTheUsageOnStdout(String name, ToolRunner.Tool tool, String[] badCombination) {
        ToolOutput result = ToolOutput.run(tool, "--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: " + name).contains("--bootstrap-server");
        assertThat(result.err()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void versionNamesSluice(String name, ToolRunner.Tool tool, String[] badCombination) {
        ToolOutput result = ToolOutput.run(tool, "--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("Sluice ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void anUnknownFlagIsAUsageError(String name, ToolRunner.Tool tool, String[] badCombination) {
        ToolOutput result = ToolOutput.run(tool, "--bootstrap-server", "localhost:1", "--frobnicate");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--frobnicate'").contains("Usage: " + name);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void aMissingBootstrapServerIsAUsageError(String name, ToolRunner.Tool tool, String[] badCombination) {
        ToolOutput result = ToolOutput.run(tool, "--list");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--bootstrap-server").contains("Usage: " + name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tools")
    void aBadCombinationOfFlagsIsAUsageErrorBeforeAnyConnection(String name, ToolRunner.Tool tool, String[] badCombination) {
        ToolOutput result = ToolOutput.run(tool, badCombination);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: " + name).doesNotContain("\tat ");
        assertThat(result.err()).doesNotContain("Could not reach");
    }
}
