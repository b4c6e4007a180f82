package io.sluice.clients.admin;

import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.SluiceException;
import io.sluice.clients.common.TopicPartition;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of {@link SluiceAdmin#electLeaders}. Unlike {@link AdminResult} the partitions need not
 * be known up front (an election of every partition learns them from the answer), so the primary view
 * is one future of partition -> empty (elected) or the partition's error, e.g. ELECTION_NOT_NEEDED when
 * the preferred replica already leads. Like Kafka's {@code ElectLeadersResult}.
 *
 * <p>Thread-safe: the futures are completed by the admin's I/O thread.
 */
public final class ElectLeadersResult {

    private final Set<TopicPartition> requested;
    private final CompletableFuture<Map<TopicPartition, Optional<ApiException>>> partitions;

    ElectLeadersResult(Set<TopicPartition> requested, CompletableFuture<Map<TopicPartition, Optional<ApiException>>> partitions) {
        this.requested = requested == null ? null : Set.copyOf(requested);
        this.partitions = partitions;
    }

    /**
     * Each partition's outcome: empty when a leader was elected, else its error. Fails as a whole when
     * the call did (timeout, unsupported API, a request-level error).
     */
    public CompletableFuture<Map<TopicPartition, Optional<ApiException>>> partitions() {
        return partitions;
    }

    /** One partition's outcome: completes when its leader was elected, or fails with its error. */
    public CompletableFuture<Void> value(TopicPartition partition) {
        if (requested != null && !requested.contains(partition)) {
            throw new IllegalArgumentException(partition + " was not part of this request");
        }
        return partitions.thenApply(results -> {
            Optional<ApiException> outcome = results.get(partition);
            if (outcome == null) {
                throw new SluiceException("The broker's response did not mention " + partition);
            }
            if (outcome.isPresent()) {
                throw outcome.get();
            }
            return null;
        });
    }

    /** Completes when every partition got its leader elected, or fails with the first partition's error. */
    public CompletableFuture<Void> all() {
        return partitions.thenApply(results -> {
            for (Optional<ApiException> outcome : results.values()) {
                if (outcome.isPresent()) {
                    throw outcome.get();
                }
            }
            return null;
        });
    }
}
