package io.sluice.tools.common;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress indicator on stderr for operations that can take a while (connecting to the
 * cluster, resetting many offsets, producing a large input): "Connecting to localhost:9092 ... 3s",
 * redrawn in place every half second and erased when done. It is shown only when the tool runs on a
 * terminal, so scripts and pipes never see it.
 *
 * <p>Thread-safe: the message may be updated from the tool's thread while the ticker thread draws.
 */
public final class Progress implements AutoCloseable {

    private static final Progress NONE = new Progress(null, "");

    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private final Thread ticker;
    private volatile String message;
    private volatile boolean done;
    private int drawnLength;

    private Progress(PrintStream err, String message) {
        this.err = err;
        this.message = message;
        if (err == null) {
            ticker = null;
            return;
        }
        ticker = new Thread(this::tick, "tool-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Starts an indicator when stdin/stdout are a terminal; a silent one otherwise. */
    public static Progress start(PrintStream err, String message) {
        return start(err, message, System.console() != null);
    }

    /** Starts an indicator if {@code terminal}; a silent one otherwise (tests pass false). */
    public static Progress start(PrintStream err, String message, boolean terminal) {
        return terminal ? new Progress(err, message) : NONE;
    }

    public void update(String newMessage) {
        this.message = newMessage;
    }

    private void tick() {
        try {
            // Quick operations finish before anything is drawn.
            Thread.sleep(500);
            while (!done) {
                draw();
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void draw() {
        if (done) {
            return;
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        String line = message + " ... " + seconds + "s";
        err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        err.flush();
        drawnLength = line.length();
    }

    /** Erases the indicator. */
    @Override
    public synchronized void close() {
        if (ticker == null || done) {
            return;
        }
        done = true;
        ticker.interrupt();
        if (drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            err.flush();
        }
    }
}
