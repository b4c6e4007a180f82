package io.sluice.zk;

/**
 * A ZooKeeper operation failed. Subclasses name the outcomes callers act on (the node exists, the
 * node is missing, the conditional write lost a race); anything else (connection loss after all
 * retries, session expiry mid-call, interruption) is a plain {@code ZkException}.
 */
public class ZkException extends RuntimeException {

    public ZkException(String message) {
        super(message);
    }

    public ZkException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A create found the node already there. */
    public static final class NodeExists extends ZkException {
        public NodeExists(String path, Throwable cause) {
            super("ZooKeeper node " + path + " already exists", cause);
        }
    }

    /** The node a read, write or delete needed is not there. */
    public static final class NoNode extends ZkException {
        public NoNode(String path, Throwable cause) {
            super("ZooKeeper node " + path + " does not exist", cause);
        }
    }

    /** A conditional write or delete carried a zkVersion that is no longer the node's version. */
    public static final class BadVersion extends ZkException {
        public BadVersion(String path, Throwable cause) {
            super("ZooKeeper node " + path + " was changed concurrently (zkVersion mismatch)", cause);
        }
    }

    /** A delete found children under the node. */
    public static final class NotEmpty extends ZkException {
        public NotEmpty(String path, Throwable cause) {
            super("ZooKeeper node " + path + " has children", cause);
        }
    }
}
