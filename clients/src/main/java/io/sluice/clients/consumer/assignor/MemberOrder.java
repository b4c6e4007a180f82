package io.sluice.clients.consumer.assignor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order in which assignors visit members, the same as Kafka's: static members (with a
 * group.instance.id) first, ordered by instance id, then dynamic members ordered by member id.
 * Ordering static members by their stable instance id keeps their assignment the same across
 * restarts, which is what static membership is for.
 */
final class MemberOrder {

    private MemberOrder() {
    }

    static List<String> sorted(Map<String, Subscription> subscriptions) {
        List<String> members = new ArrayList<>(subscriptions.keySet());
        members.sort(comparator(subscriptions));
        return members;
    }

    static Comparator<String> comparator(Map<String, Subscription> subscriptions) {
        return (a, b) -> {
            String ia = subscriptions.get(a).groupInstanceId();
            String ib = subscriptions.get(b).groupInstanceId();
            if (ia != null && ib != null) {
                int c = ia.compareTo(ib);
                return c != 0 ? c : a.compareTo(b);
            }
            if (ia != null) {
                return -1;
            }
            if (ib != null) {
                return 1;
            }
            return a.compareTo(b);
        };
    }
}
