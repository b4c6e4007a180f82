package io.sluice.server.log;

/** Who wrote a batch: the origin decides how much the log checks and whether it assigns offsets. */
public enum AppendOrigin {
    /** A producer through the leader: offsets assigned here, headers and records checked. */
    CLIENT,
    /** A follower copying the leader: offsets, epochs and timestamps kept as the leader wrote them. */
    REPLICATION
}
