package io.sluice.clients.consumer.assignor;

import io.sluice.clients.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The assignment both sticky assignors compute: balanced, and moving as few partitions as it can.
 *
 * <ol>
 *   <li><b>Who owns what now.</b> Each member claims partitions with a generation (from its
 *       subscription or its user data, depending on the assignor). A claim counts only for an
 *       existing partition of a topic the member still subscribes to. Of several claims on one
 *       partition the highest generation wins; two claims with the same highest generation cancel
 *       out (a member that missed a rebalance may still believe it owns a partition), and such a
 *       partition is reassigned like a new one.</li>
 *   <li><b>Quota when subscriptions are equal.</b> With P partitions and M members every member
 *       ends with P / M or P / M + 1 partitions and only P % M of them get the extra one. Members,
 *       in {@link MemberOrder}, keep their owned partitions up to that quota; the rest is freed.</li>
 *   <li><b>Free partitions</b> (new, freed, or unowned) go one by one, in topic/partition order,
 *       to the eligible member with the fewest partitions.</li>
 *   <li><b>Local balancing</b> (needed when subscriptions differ): while a partition can move from
 *       a member to an eligible member with at least two fewer partitions, move one, always taking
 *       from a member with the most partitions and preferring partitions it did not own before.
 *       The sum of squared counts drops with every move, so this ends. A member never gives up a
 *       partition while it has P / M or fewer of them (it would have to be a most-loaded member,
 *       which with equal subscriptions means every member is at or below the floor).</li>
 * </ol>
 *
 * Not thread-safe; one instance per assignment run.
 */
final class StickyBalancer {

    /** A member's claim on partitions, resolved from its subscription by the owning assignor. */
    record Claim(List<TopicPartition> owned, int generation) {
    }

    /**
     * The assignment plus, for the cooperative protocol, the members that may still hold each
     * partition: the claimants of the highest generation (one owner, or several that conflict).
     */
    record Result(Map<String, List<TopicPartition>> assignment, Map<TopicPartition, Set<String>> currentHolders) {
    }

    private final Map<String, Subscription> subscriptions;
    private final List<String> members;
    private final Map<String, Set<String>> topicsOf = new HashMap<>();
    private final List<TopicPartition> allPartitions = new ArrayList<>();
    private final Map<String, LinkedHashSet<TopicPartition>> owned = new HashMap<>();
    private final Map<String, Set<TopicPartition>> previouslyOwned = new HashMap<>();
    private final Map<TopicPartition, String> ownerOf = new HashMap<>();

    StickyBalancer(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        this.subscriptions = subscriptions;
        this.members = MemberOrder.sorted(subscriptions);
        Set<String> topics = new java.util.TreeSet<>();
        for (String m : members) {
            Set<String> ts = new HashSet<>(subscriptions.get(m).topics());
            ts.retainAll(partitionsPerTopic.keySet());
            topicsOf.put(m, ts);
            topics.addAll(ts);
            owned.put(m, new LinkedHashSet<>());
        }
        for (String t : topics) {
            for (int p = 0; p < partitionsPerTopic.get(t); p++) {
                allPartitions.add(new TopicPartition(t, p));
            }
        }
    }

    Result balance(Map<String, Claim> claims) {
        Map<TopicPartition, Set<String>> holders = resolveOwnership(claims);
        if (members.isEmpty()) {
            return new Result(Map.of(), holders);
        }
        boolean equal = topicsOf.values().stream().distinct().count() == 1;
        if (equal) {
            trimToQuota();
        }
        assignFree();
        rebalanceLocally();
        Map<String, List<TopicPartition>> out = new HashMap<>();
        owned.forEach((m, ps) -> out.put(m, new ArrayList<>(ps)));
        return new Result(out, holders);
    }

    private Map<TopicPartition, Set<String>> resolveOwnership(Map<String, Claim> claims) {
        Set<TopicPartition> exists = new HashSet<>(allPartitions);
        Map<TopicPartition, Integer> bestGeneration = new HashMap<>();
        Map<TopicPartition, List<String>> bestClaimants = new HashMap<>();
        Map<TopicPartition, Set<String>> holders = new HashMap<>();
        for (String m : members) {
            Claim c = claims.get(m);
            previouslyOwned.put(m, new HashSet<>());
            if (c == null) {
                continue;
            }
            for (TopicPartition tp : c.owned()) {
                if (!exists.contains(tp) || !topicsOf.get(m).contains(tp.topic())) {
                    continue;
                }
                Integer best = bestGeneration.get(tp);
                if (best == null || c.generation() > best) {
                    bestGeneration.put(tp, c.generation());
                    bestClaimants.put(tp, new ArrayList<>(List.of(m)));
                } else if (c.generation() == best && !bestClaimants.get(tp).contains(m)) {
                    bestClaimants.get(tp).add(m);
                }
            }
        }
        bestClaimants.forEach((tp, winners) -> holders.put(tp, new LinkedHashSet<>(winners)));
        for (String m : members) {
            Claim c = claims.get(m);
            if (c == null) {
                continue;
            }
            for (TopicPartition tp : c.owned()) {
                List<String> winners = bestClaimants.get(tp);
                if (winners != null && winners.size() == 1 && winners.get(0).equals(m) && !ownerOf.containsKey(tp)) {
                    ownerOf.put(tp, m);
                    owned.get(m).add(tp);
                    previouslyOwned.get(m).add(tp);
                }
            }
        }
        return holders;
    }

    private void trimToQuota() {
        int floor = allPartitions.size() / members.size();
        int extras = allPartitions.size() % members.size();
        // Members owning more than the floor keep an extra one while extras last, in member order.
        for (String m : members) {
            LinkedHashSet<TopicPartition> mine = owned.get(m);
            int keep = floor;
            if (mine.size() > floor && extras > 0) {
                keep = floor + 1;
                extras--;
            }
            while (mine.size() > keep) {
                TopicPartition last = null;
                for (TopicPartition tp : mine) {
                    last = tp;
                }
                mine.remove(last);
                ownerOf.remove(last);
            }
        }
    }

    private void assignFree() {
        for (TopicPartition tp : allPartitions) {
            if (ownerOf.containsKey(tp)) {
                continue;
            }
            String best = null;
            for (String m : members) {
                if (topicsOf.get(m).contains(tp.topic()) && (best == null || owned.get(m).size() < owned.get(best).size())) {
                    best = m;
                }
            }
            if (best != null) {
                owned.get(best).add(tp);
                ownerOf.put(tp, best);
            }
        }
    }

    private void rebalanceLocally() {
        Comparator<String> byLoadDesc = Comparator.<String>comparingInt(m -> owned.get(m).size()).reversed();
        boolean moved = true;
        while (moved) {
            moved = false;
            List<String> byLoad = new ArrayList<>(members);
            byLoad.sort(byLoadDesc.thenComparing(MemberOrder.comparator(subscriptions)));
            for (String from : byLoad) {
                TopicPartition pick = null;
                String to = null;
                for (TopicPartition tp : movableOrder(from)) {
                    String target = leastLoadedEligible(tp.topic(), from);
                    if (target != null && owned.get(from).size() - owned.get(target).size() >= 2) {
                        pick = tp;
                        to = target;
                        break;
                    }
                }
                if (pick != null) {
                    owned.get(from).remove(pick);
                    owned.get(to).add(pick);
                    ownerOf.put(pick, to);
                    moved = true;
                    break;
                }
            }
        }
    }

    /** A member's partitions with those it did not own before first, newest first. */
    private List<TopicPartition> movableOrder(String member) {
        List<TopicPartition> fresh = new ArrayList<>();
        List<TopicPartition> old = new ArrayList<>();
        for (TopicPartition tp : owned.get(member)) {
            (previouslyOwned.get(member).contains(tp) ? old : fresh).add(0, tp);
        }
        fresh.addAll(old);
        return fresh;
    }

    private String leastLoadedEligible(String topic, String except) {
        String best = null;
        for (String m : members) {
            if (!m.equals(except) && topicsOf.get(m).contains(topic)
                    && (best == null || owned.get(m).size() < owned.get(best).size())) {
                best = m;
            }
        }
        return best;
    }
}
