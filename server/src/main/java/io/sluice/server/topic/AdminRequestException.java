package io.sluice.server.topic;

import io.sluice.zk.errors.AdminException;

/**
 * Admin request errors raised by the broker itself rather than by ZooKeeper bookkeeping: a bad config
 * (INVALID_CONFIG) or a request whose fields contradict each other (INVALID_REQUEST). They extend
 * {@link AdminException} so handlers turn every refusal into an error code the same way.
 */
public final class AdminRequestException {

    private AdminRequestException() {
    }

    /** INVALID_CONFIG (40): an unknown key or a value the key does not accept. */
    public static final class InvalidConfig extends AdminException {
        public InvalidConfig(String message) {
            super((short) 40, "INVALID_CONFIG", message);
        }
    }

    /** INVALID_REQUEST (42). */
    public static final class InvalidRequest extends AdminException {
        public InvalidRequest(String message) {
            super((short) 42, "INVALID_REQUEST", message);
        }
    }

    /** TOPIC_DELETION_DISABLED (73): {@code delete.topic.enable=false}. */
    public static final class TopicDeletionDisabled extends AdminException {
        public TopicDeletionDisabled(String message) {
            super((short) 73, "TOPIC_DELETION_DISABLED", message);
        }
    }
}
