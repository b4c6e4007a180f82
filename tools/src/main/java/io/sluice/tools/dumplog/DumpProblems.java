package io.sluice.tools.dumplog;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inconsistencies found while dumping, reported on stderr after all files, in the order and wording
 * Kafka's dump tool uses: offset index mismatches, then time index problems, then non-consecutive
 * record offsets. (Kafka collects index mismatches and offset gaps newest first; so do we.)
 */
final class DumpProblems {

    private final Map<String, List<long[]>> indexMismatches = new LinkedHashMap<>();
    private final Map<String, List<long[]>> timestampMismatches = new LinkedHashMap<>();
    private final Map<String, List<long[]>> outOfOrderTimestamps = new LinkedHashMap<>();
    private final Map<String, List<long[]>> offsetsNotFound = new LinkedHashMap<>();
    private final Map<String, List<long[]>> nonConsecutiveOffsets = new LinkedHashMap<>();

    void indexMismatch(String path, long indexOffset, long logOffset) {
        indexMismatches.computeIfAbsent(path, p -> new ArrayList<>()).add(0, new long[] {indexOffset, logOffset});
    }

    void timestampMismatch(String path, long indexTimestamp, long logTimestamp) {
        timestampMismatches.computeIfAbsent(path, p -> new ArrayList<>()).add(new long[] {indexTimestamp, logTimestamp});
    }

    void outOfOrderTimestamp(String path, long indexTimestamp, long previousTimestamp) {
        outOfOrderTimestamps.computeIfAbsent(path, p -> new ArrayList<>()).add(new long[] {indexTimestamp, previousTimestamp});
    }

    void offsetNotFound(String path, long indexOffset, long logOffset) {
        offsetsNotFound.computeIfAbsent(path, p -> new ArrayList<>()).add(new long[] {indexOffset, logOffset});
    }

    void nonConsecutiveOffsets(String path, long previous, long next) {
        nonConsecutiveOffsets.computeIfAbsent(path, p -> new ArrayList<>()).add(0, new long[] {previous, next});
    }

    boolean isEmpty() {
        return indexMismatches.isEmpty() && timestampMismatches.isEmpty() && outOfOrderTimestamps.isEmpty()
                && offsetsNotFound.isEmpty() && nonConsecutiveOffsets.isEmpty();
    }

    void print(PrintStream err) {
        indexMismatches.forEach((path, list) -> {
            err.println("Mismatches in :" + path);
            list.forEach(m -> err.println("  Index offset: " + m[0] + ", log offset: " + m[1]));
        });
        timestampMismatches.forEach((path, list) -> {
            err.println("Found timestamp mismatch in :" + path);
            list.forEach(m -> err.println("  Index timestamp: " + m[0] + ", log timestamp: " + m[1]));
        });
        outOfOrderTimestamps.forEach((path, list) -> {
            err.println("Found out of order timestamp in :" + path);
            list.forEach(m -> err.println("  Index timestamp: " + m[0] + ", Previously indexed timestamp: " + m[1]));
        });
        offsetsNotFound.forEach((path, list) -> {
            err.println("The following indexed offsets are not found in the log.");
            list.forEach(m -> err.println("Indexed offset: " + m[0] + ", found log offset: " + m[1]));
        });
        nonConsecutiveOffsets.forEach((path, list) -> {
            err.println("Non-consecutive offsets in " + path);
            list.forEach(m -> err.println("  " + m[0] + " is followed by " + m[1]));
        });
    }
}
