package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * "roundrobin": all partitions of all subscribed topics, ordered by topic then partition, dealt
 * to the members in {@link MemberOrder} like cards; a member not subscribed to a partition's topic
 * is skipped for that partition. When every member subscribes to the same topics the counts
 * differ by at most one. Eager only.
 */
public final class RoundRobinAssignor implements PartitionAssignor {

    public static final String NAME = "roundrobin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Assignment> assign(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        List<String> members = MemberOrder.sorted(subscriptions);
        Map<String, List<TopicPartition>> result = new HashMap<>();
        Map<String, Set<String>> topicsOf = new HashMap<>();
        Set<String> allTopics = new TreeSet<>();
        for (String m : members) {
            result.put(m, new ArrayList<>());
            topicsOf.put(m, new HashSet<>(subscriptions.get(m).topics()));
            allTopics.addAll(subscriptions.get(m).topics());
        }
        int next = 0;
        for (String topic : allTopics) {
            Integer n = partitionsPerTopic.get(topic);
            if (n == null) {
                continue;
            }
            for (int p = 0; p < n; p++) {
                // Some member subscribes to this topic (it came from a subscription), so this ends.
                while (!topicsOf.get(members.get(next % members.size())).contains(topic)) {
                    next++;
                }
                result.get(members.get(next % members.size())).add(new TopicPartition(topic, p));
                next++;
            }
        }
        Map<String, Assignment> out = new HashMap<>();
        result.forEach((m, parts) -> out.put(m, new Assignment(parts)));
        return out;
    }
}
