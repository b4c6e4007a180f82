package io.sluice.tools.common;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * A picocli tool that prints to the streams it is run with: {@link #execute} hands them to the command
 * and runs it through {@link ToolRunner}, so {@code main} (the process's stdout and stderr, via
 * {@link ToolRunner#exit(ToolRunner.Tool, String[], boolean)}) and tests (streams of their own) take
 * the same path.
 */
public abstract class ToolCommand implements Callable<Integer> {

    protected PrintStream out = System.out;
    protected PrintStream err = System.err;

    /** Runs this command with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    public final int execute(String[] args, PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        return ToolRunner.run(this, args, out, err);
    }
}
