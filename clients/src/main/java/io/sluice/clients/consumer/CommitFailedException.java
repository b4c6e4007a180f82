package io.sluice.clients.consumer;

import io.sluice.clients.common.SluiceException;

/**
 * A commit was refused because this member is no longer part of the group's current generation
 * (it was kicked out or a rebalance completed without it): its partitions may belong to another
 * member now. Not retriable; the next poll rejoins.
 */
public class CommitFailedException extends SluiceException {

    public CommitFailedException(String detail) {
        super("Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member"
                + " (" + detail + "). The poll loop may be spending too long on records: raise max.poll.interval.ms or lower"
                + " max.poll.records.");
    }
}
