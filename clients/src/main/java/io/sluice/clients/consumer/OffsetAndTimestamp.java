package io.sluice.clients.consumer;

import java.util.Optional;

/** The answer of {@link SluiceConsumer#offsetsForTimes}: the first offset at or after a timestamp. Immutable. */
public record OffsetAndTimestamp(long offset, long timestamp, Optional<Integer> leaderEpoch) {
}
