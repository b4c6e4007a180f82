package io.sluice.zk.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Leader and ISR of one partition, the body of
 * {@code /brokers/topics/<topic>/partitions/<p>/state}, in Kafka's version 1 format:
 *
 * <pre>
 * {"version":1,"leader":1,"leader_epoch":0,"controller_epoch":1,"isr":[1,2]}
 * </pre>
 *
 * Like Kafka, {@code "leader_recovery_state":1} is written only while a leader chosen by unclean
 * election is recovering; the normal state 0 (RECOVERED) is left out and is the default when
 * reading. The node's zkVersion is Kafka's "partition epoch": every write must name the version
 * it read (see {@code TopicStore.updatePartitionState}). Immutable.
 *
 * @param leader              leader broker id, or {@link #NO_LEADER}
 * @param leaderEpoch         incremented on every leader change
 * @param isr                 in-sync replicas
 * @param controllerEpoch     epoch of the controller that wrote this state (0 before any controller)
 * @param leaderRecoveryState 0 = RECOVERED, 1 = RECOVERING
 */
public record PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch,
                             byte leaderRecoveryState) {

    public static final int VERSION = 1;
    public static final int NO_LEADER = -1;
    public static final byte RECOVERED = 0;
    public static final byte RECOVERING = 1;

    public PartitionState {
        isr = List.copyOf(isr);
    }

    public PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch) {
        this(leader, leaderEpoch, isr, controllerEpoch, RECOVERED);
    }

    /** A copy with a new leader: the leader epoch goes up by one. */
    public PartitionState withLeader(int newLeader, List<Integer> newIsr, int byControllerEpoch) {
        return new PartitionState(newLeader, leaderEpoch + 1, newIsr, byControllerEpoch, RECOVERED);
    }

    /** A copy with only the ISR changed (the leader epoch stays, as for an ISR shrink/expand). */
    public PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(leader, leaderEpoch, newIsr, controllerEpoch, leaderRecoveryState);
    }

    public byte[] toJson() {
        ObjectNode root = Json.object();
        root.put("version", VERSION);
        root.put("leader", leader);
        root.put("leader_epoch", leaderEpoch);
        root.put("controller_epoch", controllerEpoch);
        ArrayNode array = root.putArray("isr");
        isr.forEach(array::add);
        if (leaderRecoveryState != RECOVERED) {
            root.put("leader_recovery_state", leaderRecoveryState);
        }
        return Json.bytes(root);
    }

    public static PartitionState fromJson(byte[] data, String what) {
        JsonNode root = Json.parse(data, what);
        List<Integer> isr = new ArrayList<>();
        JsonNode isrNode = root.get("isr");
        if (isrNode == null || !isrNode.isArray()) {
            throw new ZnodeFormatException(what + ": missing field 'isr'");
        }
        isrNode.forEach(r -> isr.add(r.asInt()));
        byte recovery = root.has("leader_recovery_state")
                ? (byte) Json.requiredInt(root, "leader_recovery_state", what) : RECOVERED;
        return new PartitionState(Json.requiredInt(root, "leader", what), Json.requiredInt(root, "leader_epoch", what),
                isr, Json.requiredInt(root, "controller_epoch", what), recovery);
    }
}
