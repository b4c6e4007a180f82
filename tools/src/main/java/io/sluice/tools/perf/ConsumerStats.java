package io.sluice.tools.perf;

import java.text.SimpleDateFormat;
import java.util.Date;

/**
 * The lines of {@link ConsumerPerformance}, in the shape of Kafka's ConsumerPerformance: the header, the
 * final line ({@code start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,
 * rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}) and the per-interval line of
 * --show-detailed-stats. MB is 2^20 bytes; the fetch figures leave out the time spent in rebalances.
 * Stateless.
 */
final class ConsumerStats {

    static final String DETAIL_FIELDS = ", rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

    private ConsumerStats() {
    }

    static String header(boolean detailed) {
        return (detailed ? "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec"
                : "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec")
                + DETAIL_FIELDS + System.lineSeparator();
    }

    /** The summary line of a run from {@code startMs} to {@code endMs} (wall clock) of which {@code joinTimeMs} rebalancing. */
    static String summary(SimpleDateFormat format, long startMs, long endMs, long bytes, long messages, long joinTimeMs) {
        double elapsedSec = (endMs - startMs) / 1000.0;
        long fetchTimeMs = (endMs - startMs) - joinTimeMs;
        double mb = bytes / (1024.0 * 1024.0);
        return String.format("%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f%n",
                format.format(new Date(startMs)), format.format(new Date(endMs)), mb, mb / elapsedSec, messages,
                messages / elapsedSec, joinTimeMs, fetchTimeMs, mb / (fetchTimeMs / 1000.0), messages / (fetchTimeMs / 1000.0));
    }

    /**
     * The --show-detailed-stats line for the interval from {@code lastMs} to {@code nowMs}, in which
     * {@code bytes - lastBytes} and {@code messages - lastMessages} arrived.
     */
    static String interval(SimpleDateFormat format, int threadId, long lastMs, long nowMs, long lastBytes, long bytes,
                           long lastMessages, long messages, long joinTimeMsInInterval) {
        double elapsedMs = nowMs - lastMs;
        double mb = bytes / (1024.0 * 1024.0);
        double intervalMb = (bytes - lastBytes) / (1024.0 * 1024.0);
        long intervalMessages = messages - lastMessages;
        long fetchTimeMs = (long) elapsedMs - joinTimeMsInInterval;
        return String.format("%s, %d, %.4f, %.4f, %d, %.4f", format.format(new Date(nowMs)), threadId, mb,
                1000.0 * intervalMb / elapsedMs, messages, 1000.0 * intervalMessages / elapsedMs)
                + String.format(", %d, %d, %.4f, %.4f%n", joinTimeMsInInterval, fetchTimeMs,
                1000.0 * intervalMb / fetchTimeMs, 1000.0 * intervalMessages / fetchTimeMs);
    }
}
