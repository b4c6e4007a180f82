package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * "range": each topic on its own. The members subscribed to a topic, in {@link MemberOrder}, get
 * contiguous ranges of its partitions: with n partitions and c members the first n % c members
 * get n / c + 1 partitions and the others n / c. The same members therefore get the same
 * partition numbers of co-partitioned topics (useful for joins). Balanced per topic, but summed
 * over many topics the first members can get up to one extra partition per topic. Eager only.
 * Rack-aware placement (Kafka 3.5+ with client.rack on both sides) is not done.
 */
public final class RangeAssignor implements PartitionAssignor {

    public static final String NAME = "range";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> result = new HashMap<>();
        subscriptions.keySet().forEach(m -> result.put(m, new ArrayList<>()));
        List<String> members = MemberOrder.sorted(subscriptions);
        Map<String, List<String>> membersByTopic = new TreeMap<>();
        for (String m : members) {
            for (String t : subscriptions.get(m).topics()) {
                List<String> list = membersByTopic.computeIfAbsent(t, k -> new ArrayList<>());
                if (!list.contains(m)) {
                    list.add(m);
                }
            }
        }
        for (Map.Entry<String, List<String>> e : membersByTopic.entrySet()) {
            Integer n = partitionsPerTopic.get(e.getKey());
            if (n == null) {
                continue;
            }
            List<String> consumers = e.getValue();
            int per = n / consumers.size();
            int extra = n % consumers.size();
            for (int i = 0; i < consumers.size(); i++) {
                int start = per * i + Math.min(i, extra);
                int length = per + (i < extra ? 1 : 0);
                List<TopicPartition> target = result.get(consumers.get(i));
                for (int p = start; p < start + length; p++) {
                    target.add(new TopicPartition(e.getKey(), p));
                }
            }
        }
        Map<String, Assignment> out = new HashMap<>();
        result.forEach((m, parts) -> out.put(m, new Assignment(parts)));
        return out;
    }
}
