package io.sluice.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The tool scripts as a shell user meets them, as real processes: --help on stdout with exit code 0,
 * a wrong flag with the usage on stderr and exit code 2, and an address where nothing listens ending
 * after the bounded wait with exactly one line on stderr (no stack trace, no log lines) and exit code 1.
 */
class ToolScriptsTest {

    @Test
    void helpAndWrongFlags() throws Exception {
        // Every tool's flags are checked in-process by ToolUsageTest; here the scripts themselves.
        for (String script : List.of("sluice-topics.sh", "sluice-console-consumer.sh")) {
            Result help = run(script, "--help");
            assertThat(help.exitCode()).as(script + " --help: " + help.err()).isZero();
            assertThat(help.out()).contains("Usage: " + script).contains("--bootstrap-server");
            Result wrong = run(script, "--bootstrap-server", "localhost:9092", "--no-such-flag");
            assertThat(wrong.exitCode()).as(script).isEqualTo(2);
            assertThat(wrong.err()).startsWith("Unknown option: '--no-such-flag'").contains("Usage: " + script);
            assertThat(wrong.out()).isEmpty();
        }
    }

    @Test
    void anUnreachableClusterIsOneLineOnStderrAfterTheDefaultWait() throws Exception {
        int port = ToolProcess.freePort();
        List<String[]> commands = List.<String[]>of(
                new String[] {"sluice-console-consumer.sh", "--bootstrap-server", "127.0.0.1:" + port, "--topic", "t"});
        for (String[] command : commands) {
            String[] args = new String[command.length - 1];
            System.arraycopy(command, 1, args, 0, args.length);
            Result result = run(command[0], args);
            assertThat(result.exitCode()).as(command[0] + ": " + result.err()).isEqualTo(1);
            assertThat(result.out()).isEmpty();
            List<String> lines = result.err().lines().filter(l -> !l.startsWith("Processed a total of")).toList();
            assertThat(lines).as(command[0] + " stderr").hasSize(1);
            assertThat(lines.get(0)).startsWith("Could not reach a broker at 127.0.0.1:" + port + " within 15 s");
        }
    }

    record Result(int exitCode, String out, String err) {
    }

    private static Result run(String script, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ToolProcess.HOME.resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        Path dir = Files.createTempDirectory("tool-script");
        File out = dir.resolve("out").toFile();
        File err = dir.resolve("err").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put("SLUICE_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("SLUICE_HEAP_OPTS", "-Xmx256m");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not end");
        }
        return new Result(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }
}
