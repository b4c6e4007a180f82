package io.sluice.server.compat;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Counts the ERROR events logged in this JVM while installed, grouped by where they came from (the
 * exception and its first {@code io.sluice} stack frame, or the logger), so a test can report what the
 * broker considered unexpected. Thread-safe.
 */
final class ErrorLogCounter extends AbstractAppender implements AutoCloseable {

    private final Map<String, LongAdder> byOrigin = new ConcurrentHashMap<>();

    private ErrorLogCounter() {
        super("sluice-error-counter", null, null, true, Property.EMPTY_ARRAY);
    }

    static ErrorLogCounter install() {
        ErrorLogCounter counter = new ErrorLogCounter();
        counter.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(counter, Level.ERROR, null);
        context.updateLoggers();
        return counter;
    }

    @Override
    public void append(LogEvent event) {
        byOrigin.computeIfAbsent(origin(event), k -> new LongAdder()).increment();
    }

    private static String origin(LogEvent event) {
        Throwable thrown = event.getThrown();
        if (thrown == null) {
            return event.getLoggerName() + ": " + event.getMessage().getFormattedMessage();
        }
        String where = null;
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (frame.getClassName().startsWith("io.sluice.server.")) {
                String call = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "."
                        + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
                if (where == null) {
                    where = call;
                } else if (frame.getClassName().startsWith("io.sluice.server.api.")) {
                    return thrown.getClass().getSimpleName() + " at " + where + " from " + call;
                }
            }
        }
        if (where != null) {
            return thrown.getClass().getSimpleName() + " at " + where;
        }
        return thrown.getClass().getSimpleName() + ": " + thrown.getMessage();
    }

    /** Count of ERROR events per origin, sorted by origin. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        byOrigin.forEach((origin, count) -> counts.put(origin, count.sum()));
        return counts;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
