package io.sluice.zk;

/**
 * A decoded znode value with the zkVersion it was read at; pass {@link #zkVersion()} back to a
 * conditional write.
 */
public record Versioned<T>(T value, int zkVersion) {
}
