package io.sluice.server.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a {@link ClassicGroup}: who it is, its timeouts, the protocols it supports with their
 * metadata and the assignment the leader gave it. Metadata and assignment are the client's bytes, kept
 * verbatim (tools parse them). A member waiting for a JoinGroup or SyncGroup answer holds the future that
 * answers it.
 *
 * <p>Not thread-safe: guarded by the lock of the group's {@code __consumer_offsets} partition, like its
 * group.
 */
public final class ClassicGroupMember {

    /** One protocol the member supports: name and the client's metadata for it. */
    public record Protocol(String name, byte[] metadata) {
    }

    private String memberId;
    private final String groupInstanceId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private final String protocolType;
    private List<Protocol> protocols;
    private byte[] assignment = new byte[0];
    /** Joined before its first generation completed (Kafka: heartbeats of new members are not excused). */
    boolean isNew;
    CompletableFuture<GroupCoordinator.JoinResult> awaitingJoin;
    CompletableFuture<GroupCoordinator.SyncResult> awaitingSync;
    GroupTimer.Scheduled heartbeatExpiry;

    public ClassicGroupMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                              int rebalanceTimeoutMs, int sessionTimeoutMs, String protocolType,
                              List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = List.copyOf(protocols);
    }

    public String memberId() {
        return memberId;
    }

    void memberId(String memberId) {
        this.memberId = memberId;
    }

    /** The static member's {@code group.instance.id}, null for a dynamic member. */
    public String groupInstanceId() {
        return groupInstanceId;
    }

    public boolean isStatic() {
        return groupInstanceId != null;
    }

    public String clientId() {
        return clientId;
    }

    public String clientHost() {
        return clientHost;
    }

    public int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    public int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    public String protocolType() {
        return protocolType;
    }

    public List<Protocol> protocols() {
        return protocols;
    }

    public byte[] assignment() {
        return assignment;
    }

    void assignment(byte[] assignment) {
        this.assignment = assignment == null ? new byte[0] : assignment;
    }

    /** Replaces what a rejoin may change. */
    void update(String clientId, String clientHost, int rebalanceTimeoutMs, int sessionTimeoutMs,
                List<Protocol> protocols) {
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = List.copyOf(protocols);
    }

    /** The metadata for protocol {@code name}, or null when the member does not support it. */
    public byte[] metadata(String name) {
        for (Protocol protocol : protocols) {
            if (protocol.name().equals(name)) {
                return protocol.metadata();
            }
        }
        return null;
    }

    public List<String> protocolNames() {
        List<String> names = new ArrayList<>(protocols.size());
        protocols.forEach(p -> names.add(p.name()));
        return names;
    }

    /** Whether a rejoin with {@code other} protocols changes nothing (same names, order and metadata). */
    boolean matches(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            Protocol mine = protocols.get(i);
            Protocol theirs = other.get(i);
            if (!mine.name().equals(theirs.name()) || !Arrays.equals(mine.metadata(), theirs.metadata())) {
                return false;
            }
        }
        return true;
    }

    public boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    public boolean isAwaitingSync() {
        return awaitingSync != null;
    }

    @Override
    public String toString() {
        return "Member(" + memberId + (groupInstanceId == null ? "" : ", instance " + groupInstanceId) + ")";
    }
}
