package io.sluice.server.log;

import java.io.File;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a disk error becomes "this log directory is offline". Any component that catches an
 * {@link IOException} on a file of a log directory reports it here; the first report of each
 * directory logs one error line and queues the directory for the broker (which will tell the
 * controller); later reports of the same directory are silent. Logs of an offline directory refuse
 * reads and appends with {@link KafkaStorageException}; the process keeps running.
 *
 * <p>Thread-safe.
 */
public final class LogDirFailureChannel {

    private static final Logger log = LoggerFactory.getLogger(LogDirFailureChannel.class);

    private final Set<String> offlineDirs = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> offlineDirQueue = new LinkedBlockingQueue<>();

    /** Marks {@code logDir} offline (once) and returns the exception the caller should throw. */
    public KafkaStorageException maybeAddOfflineLogDir(File logDir, String message, IOException cause) {
        String path = logDir.getAbsolutePath();
        if (offlineDirs.add(path)) {
            log.error("Log directory {} is now offline: {}", path, message, cause);
            offlineDirQueue.add(path);
        }
        return new KafkaStorageException(message + " (log directory " + path + " is offline)", cause);
    }

    public boolean isOffline(File logDir) {
        return offlineDirs.contains(logDir.getAbsolutePath());
    }

    public Set<String> offlineDirs() {
        return Set.copyOf(offlineDirs);
    }

    /** Blocks until a directory goes offline; for the broker thread that reports it to the controller. */
    public String takeNextOfflineLogDir() throws InterruptedException {
        return offlineDirQueue.take();
    }
}
