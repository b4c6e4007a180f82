package io.sluice.tools.common;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.SluiceException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every Sluice tool behaves, like Apache Kafka's tools:
 * <ul>
 *   <li>{@code --help} prints the usage on stdout, exit code 0;</li>
 *   <li>an unknown flag, a missing value or a bad combination prints the problem and the usage on
 *       stderr, exit code 2 ({@link #USAGE_ERROR});</li>
 *   <li>a failure while running (unreachable cluster, broker error) prints one line on stderr, exit
 *       code 1, never a stack trace (the stack goes to the debug log).</li>
 * </ul>
 * Commands throw {@link ToolException} for failures they can word themselves and
 * {@link picocli.CommandLine.ParameterException} for flag combinations picocli cannot check.
 *
 * <p>A tool's {@code main} is {@code ToolRunner.exit(...)} and its in-process entry point (used by the
 * tests) {@code run(args, out, err)} ends in {@link #run(Object, String[], PrintStream, PrintStream)},
 * most through {@link ToolCommand#execute}, which also hands the command those streams.
 * {@link #exit(Tool, String[], boolean)} chooses how stdout is flushed: the log dumper prints a file's
 * worth of lines nobody reads live and wants a buffered stdout flushed at the end; the other tools
 * (a console consumer followed as records arrive, a perf tool's line every few seconds) want each
 * line out when it is printed.
 */
public final class ToolRunner {

    public static final int USAGE_ERROR = 2;

    private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

    private ToolRunner() {
    }

    /** A tool's in-process entry point: runs with the given streams, returns the exit code. */
    @FunctionalInterface
    public interface Tool {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    /**
     * A buffered UTF-8 stdout (flushed by {@link #exit}); with {@code autoFlush} every println also
     * flushes it, for tools whose lines must appear as they are printed.
     */
    public static PrintStream stdout(boolean autoFlush) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                autoFlush, StandardCharsets.UTF_8);
    }

    /** Runs {@code command} with {@code args}; returns the exit code. */
    public static int run(Object command, String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExitCodeExceptionMapper(ToolRunner::exitCodeOf);
        commandLine.setParameterExceptionHandler((e, args1) -> {
            // Always the usage, also when picocli has a suggestion for a mistyped flag.
            err.println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            e.getCommandLine().usage(err);
            return USAGE_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            out.flush();
            if (e instanceof CommandLine.ParameterException pe) {
                // A combination of flags the command itself rejected: same treatment as a parse error.
                err.println(pe.getMessage());
                pe.getCommandLine().usage(err);
                return USAGE_ERROR;
            }
            log.debug("Tool failed", e);
            err.println(describe(e));
            return exitCodeOf(e);
        });
        return commandLine.execute(args);
    }

    /**
     * Runs {@code tool} on the process's stdout (buffered; flushed per line if {@code autoFlush}) and
     * stderr, flushes stdout and exits the JVM with the tool's exit code.
     */
    public static void exit(Tool tool, String[] args, boolean autoFlush) {
        PrintStream out = stdout(autoFlush);
        int code = tool.run(args, out, System.err);
        out.flush();
        System.exit(code);
    }

    /** One line for a failure: the message of the most telling exception in the chain. */
    public static String describe(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof ToolException) {
            return t.getMessage();
        }
        if (t instanceof ApiException || t instanceof SluiceException) {
            return "Error: " + t.getMessage();
        }
        String message = t.getMessage();
        return "Error: " + (message == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message);
    }

    /** Strips the wrappers that futures and reflection add around the real failure. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static int exitCodeOf(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof ToolException te) {
            return te.exitCode();
        }
        if (t instanceof CommandLine.ParameterException) {
            return USAGE_ERROR;
        }
        return 1;
    }
}
