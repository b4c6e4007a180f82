package io.sluice.server.compat;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs client programs that live outside this JVM (kcat, Python with kafka-python, Node with kafkajs, a
 * second JVM with Apache Kafka's tools) as child processes against a broker on loopback, each with a
 * bounded wait.
 *
 * <p>A developer machine may lack a program: {@link #require} then skips the test through a JUnit
 * assumption that names what is missing and how to install it. CI ({@code .ci/run}) installs every program
 * and sets {@value #REQUIRE_ENV}{@code =1}, which turns a missing program into a failure, so nothing is
 * skipped silently there. Each test prints one "external client ..." line saying whether it ran.
 *
 * <p>Output goes to temporary files rather than pipes, so a chatty child can never block on a full pipe
 * while we wait for it.
 */
final class ExternalProgram {

    static final String REQUIRE_ENV = "SLUICE_REQUIRE_EXTERNAL_CLIENTS";

    /** Exit code, standard output and standard error of a finished child process. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        Result assertSucceeded() {
            if (exitCode != 0) {
                fail("exit code " + exitCode + " from " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private ExternalProgram() {
    }

    /** The executable called {@code name} on the PATH, if any. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Skips the calling test (or fails it under CI) when {@code available} is false, and prints which
     * external client runs or why it does not.
     */
    static void require(boolean available, String client, String missing) {
        if (!available && "1".equals(System.getenv(REQUIRE_ENV))) {
            fail(client + ": " + missing + " (" + REQUIRE_ENV + "=1 demands every external client)");
        }
        System.out.println("external client " + client + ": " + (available ? "RUNS" : "SKIPPED, " + missing));
        assumeTrue(available, () -> client + ": " + missing);
    }

    static Result run(Duration timeout, List<String> command) {
        return run(timeout, command, null, Map.of());
    }

    /**
     * Runs {@code command} with {@code stdin} (or no input) and extra environment variables, waits at most
     * {@code timeout}, and kills the whole process tree if it has not finished by then (the test then fails
     * with the output so far).
     */
    static Result run(Duration timeout, List<String> command, byte[] stdin, Map<String, String> env) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sluice-external");
            Path in = dir.resolve("stdin");
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            Files.write(in, stdin == null ? new byte[0] : stdin);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Result result = new Result(List.copyOf(command), finished ? process.exitValue() : -1,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            if (!finished) {
                fail("no exit within " + timeout + ", killed: " + result);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** {@code command} and {@code args} as one list. */
    static List<String> command(Object command, String... args) {
        List<String> list = new ArrayList<>();
        list.add(command.toString());
        list.addAll(List.of(args));
        return list;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            files.forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder
        }
        dir.toFile().delete();
    }
}
