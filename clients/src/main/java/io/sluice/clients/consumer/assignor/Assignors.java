package io.sluice.clients.consumer.assignor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds assignors from partition.assignment.strategy entries. Accepts our protocol names, our
 * class names and Kafka's class names (org.apache.kafka.clients.consumer.RangeAssignor and so on),
 * so Properties written for the Kafka consumer work unchanged.
 */
public final class Assignors {

    /** Kafka 3.x's default: range first, cooperative-sticky as the upgrade path. */
    public static final List<String> DEFAULT_STRATEGY = List.of(RangeAssignor.NAME, CooperativeStickyAssignor.NAME);

    private Assignors() {
    }

    public static PartitionAssignor create(String nameOrClass) {
        String s = nameOrClass.trim();
        String simple = s.substring(s.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        switch (simple) {
            case "range", "rangeassignor":
                return new RangeAssignor();
            case "roundrobin", "roundrobinassignor":
                return new RoundRobinAssignor();
            case "sticky", "stickyassignor":
                return new StickyAssignor();
            case "cooperative-sticky", "cooperativestickyassignor":
                return new CooperativeStickyAssignor();
            default:
                break;
        }
        try {
            Class<?> c = Class.forName(s);
            if (PartitionAssignor.class.isAssignableFrom(c)) {
                return (PartitionAssignor) c.getDeclaredConstructor().newInstance();
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create partition assignor " + s, e);
        }
        throw new IllegalArgumentException("unknown partition assignor " + s);
    }

    public static List<PartitionAssignor> createAll(List<String> names) {
        List<PartitionAssignor> out = new ArrayList<>();
        for (String n : names) {
            if (!n.isBlank()) {
                out.add(create(n));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("partition.assignment.strategy is empty");
        }
        return out;
    }

    /**
     * The rebalance protocol of a consumer: the highest one that every configured assignor
     * supports (range + cooperative-sticky is therefore eager, as in Kafka).
     */
    public static RebalanceProtocol protocolOf(List<PartitionAssignor> assignors) {
        boolean cooperative = assignors.stream().allMatch(a -> a.supportedProtocols().contains(RebalanceProtocol.COOPERATIVE));
        return cooperative ? RebalanceProtocol.COOPERATIVE : RebalanceProtocol.EAGER;
    }
}
