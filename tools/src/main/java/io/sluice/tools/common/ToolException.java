package io.sluice.tools.common;

/**
 * A failure a tool reports to its user as one line on stderr, without a stack trace: an unreachable
 * cluster, a topic that does not exist, an error code from the broker. The tool exits with
 * {@link #exitCode()} (1 unless said otherwise).
 */
public class ToolException extends RuntimeException {

    private final int exitCode;

    public ToolException(String message) {
        this(message, 1);
    }

    public ToolException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
