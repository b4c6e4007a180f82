package io.sluice.tools.common;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A tool run in-process: its exit code and what it printed on stdout and stderr. */
public record ToolOutput(int exitCode, String out, String err) {

    /** Runs a tool's static {@code run(args, out, err)}. */
    public static ToolOutput run(ToolRunner.Tool tool, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = tool.run(args, outStream, errStream);
        outStream.flush();
        errStream.flush();
        return new ToolOutput(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
