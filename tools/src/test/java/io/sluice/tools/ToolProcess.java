package io.sluice.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real child process for the script and launcher tests: the project's scripts, or a main class run
 * with this test's class path, so that no test triggers a build. Its output lines are collected by a
 * reader thread and can be awaited.
 */
final class ToolProcess implements AutoCloseable {

    /** The Sluice directory: tests run in the tools module. */
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Thread reader;

    private ToolProcess(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }, "tool-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code scripts/<script>} with the test class path (SLUICE_CLASSPATH), stdout and stderr merged. */
    static ToolProcess script(Map<String, String> env, String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("scripts").resolve(script).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SLUICE_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("SLUICE_HEAP_OPTS", "-Xmx256m");
        builder.environment().putAll(env);
        try {
            return new ToolProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a script to its end and returns its output; fails the test on a non-zero exit status. */
    static String runScript(Map<String, String> env, String script, String... args) throws InterruptedException {
        try (ToolProcess process = script(env, script, args)) {
            int status = process.waitFor();
            String output = process.output();
            assertThat(status).as("exit status of %s, output:%n%s", script, output).isZero();
            return output;
        }
    }

    int waitFor() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new AssertionError("Process did not end; output so far:\n" + output());
        }
        reader.join(10_000); // the last lines may still be in the pipe
        return process.exitValue();
    }

    /** Waits for a line starting with {@code prefix} and returns it; fails if the process ends first. */
    String awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            } else if (!process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("No line starting with '" + prefix + "'; output:\n" + output());
    }

    /** Everything printed so far. */
    String output() {
        lines.drainTo(seen);
        return String.join("\n", seen);
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, as {@code kill PID} or a service manager sends it. */
    void terminate() {
        // Not process.destroy(): that also closes our end of the output pipe, losing the shutdown lines.
        process.toHandle().destroy();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
