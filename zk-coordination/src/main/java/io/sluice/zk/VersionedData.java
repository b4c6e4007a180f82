package io.sluice.zk;

/**
 * A znode's bytes together with the zkVersion they were read at; hand the version back to a
 * conditional write so it fails if anyone wrote in between.
 *
 * @param data    the node's bytes (an empty array for a node created without data)
 * @param zkVersion ZooKeeper's data version of the node ({@code Stat.getVersion()})
 * @param ctimeMs the node's creation time in milliseconds
 */
public record VersionedData(byte[] data, int zkVersion, long ctimeMs) {

    public VersionedData {
        data = data == null ? new byte[0] : data;
    }
}
