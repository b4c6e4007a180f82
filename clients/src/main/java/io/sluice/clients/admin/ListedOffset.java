package io.sluice.clients.admin;

/**
 * A partition's answer to ListOffsets: the offset (-1 when no record has a timestamp at or after the
 * one asked for), that record's timestamp (-1 for earliest/latest) and the leader epoch (-1 unknown).
 */
public record ListedOffset(long offset, long timestamp, int leaderEpoch) {
}
