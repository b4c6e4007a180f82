package io.sluice.clients.admin;

/**
 * Which leader {@link SluiceAdmin#electLeaders} elects; the code is ElectLeaders' {@code election_type}
 * (v1+; v0 knows only preferred elections).
 */
public enum ElectionType {
    /** The first replica of the assignment, if it is alive and in sync. */
    PREFERRED((byte) 0),
    /** Any live replica, even one out of sync (may lose records), when no in-sync replica is alive. */
    UNCLEAN((byte) 1);

    private final byte code;

    ElectionType(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }
}
