package io.sluice.tools.dumplog;

import io.sluice.tools.common.ToolRunner;
import io.sluice.tools.common.ToolVersion;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice-dump-log.sh}: prints log segments and their indexes in the format of Kafka's
 * {@code kafka-dump-log.sh}, so the output of the two tools can be compared line by line.
 *
 * <p>Exit codes: 0 when every file was dumped, 1 when a file could not be read or failed its sanity
 * check (the other files are still dumped), 2 for bad command-line flags.
 */
@Command(name = "sluice-dump-log.sh", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class, sortOptions = false,
        description = "Parses log segment files (.log, .index, .timeindex, .txnindex) and dumps their contents to the "
                + "console, useful for debugging a seemingly corrupt log segment.")
public final class DumpLogSegments implements Callable<Integer> {

    @Option(names = "--files", required = true, split = ",", paramLabel = "file", splitSynopsisLabel = ",",
            description = "REQUIRED: The comma separated list of data and index log files to be dumped.")
    List<String> files;

    @Option(names = "--print-data-log",
            description = "If set, printing the messages content when dumping data logs. Implies --deep-iteration.")
    boolean printDataLog;

    @Option(names = "--deep-iteration", description = "If set, uses deep instead of shallow iteration.")
    boolean deepIteration;

    @Option(names = "--index-sanity-check",
            description = "If set, just checks the index sanity without printing its content. This is the same check "
                    + "that is executed on broker startup to determine if an index needs rebuilding or not.")
    boolean indexSanityCheck;

    @Option(names = "--verify-index-only", description = "If set, just verify the index log without printing its content.")
    boolean verifyIndexOnly;

    @Option(names = "--skip-record-metadata", description = "Whether to skip printing metadata for each record.")
    boolean skipRecordMetadata;

    @Option(names = "--max-message-size", paramLabel = "size", defaultValue = "5242880",
            description = "Size of largest message (default: ${DEFAULT-VALUE}).")
    int maxMessageSize;

    @Option(names = "--max-bytes", paramLabel = "size", defaultValue = "2147483647",
            description = "Limit the amount of total batches read in bytes avoiding reading the whole .log file(s) "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxBytes;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    public static void main(String[] args) {
        // Dumps are long: a buffered stdout, flushed at the end.
        ToolRunner.exit(DumpLogSegments::run, args, false);
    }

    /** Runs the tool with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        DumpLogSegments command = new DumpLogSegments();
        command.out = out;
        command.err = err;
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        DumpProblems problems = new DumpProblems();
        LogFileDumper logDumper = new LogFileDumper(out, err, problems, deepIteration, printDataLog, skipRecordMetadata, maxBytes);
        IndexFileDumper indexDumper = new IndexFileDumper(out, err, problems, indexSanityCheck, verifyIndexOnly, maxMessageSize);
        TxnIndexDumper txnIndexDumper = new TxnIndexDumper(out, err);
        boolean allGood = true;
        for (String name : files) {
            File file = new File(name);
            out.println("Dumping " + file);
            String fileName = file.getName();
            int dot = fileName.lastIndexOf('.');
            String suffix = dot < 0 ? "" : fileName.substring(dot);
            try {
                switch (suffix) {
                    case SegmentFiles.LOG_SUFFIX:
                        allGood &= logDumper.dump(file);
                        break;
                    case SegmentFiles.INDEX_SUFFIX:
                        allGood &= indexDumper.dumpOffsetIndex(file);
                        break;
                    case SegmentFiles.TIME_INDEX_SUFFIX:
                        allGood &= indexDumper.dumpTimeIndex(file);
                        break;
                    case SegmentFiles.TXN_INDEX_SUFFIX:
                        allGood &= txnIndexDumper.dump(file);
                        break;
                    case ".snapshot":
                    case ".checkpoint":
                        err.println("Dumping " + suffix + " files (producer state or metadata snapshots) is not supported: "
                                + file);
                        allGood = false;
                        break;
                    default:
                        err.println("Ignoring unknown file " + file);
                }
            } catch (IOException | IllegalArgumentException e) {
                out.flush();
                err.println("Could not dump " + file + ": " + e);
                allGood = false;
            }
        }
        out.flush();
        problems.print(err);
        return allGood ? 0 : 1;
    }
}
