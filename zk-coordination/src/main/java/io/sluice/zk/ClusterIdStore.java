package io.sluice.zk;

import io.sluice.zk.json.ClusterIdJson;
import io.sluice.zk.json.Uuids;

/**
 * Reads {@code /cluster/id}, creating it once for the whole cluster. The first broker to start
 * creates a random base64 UUID; every broker after it (and every restart) reads the same id.
 * Two brokers racing at first start both end up with the winner's id, because the loser's create
 * fails with NodeExists and it reads instead. Stateless and thread-safe.
 */
public final class ClusterIdStore {

    private ClusterIdStore() {
    }

    public static String getOrCreate(ZkClient zk) {
        while (true) {
            var existing = zk.getDataIfExists(ZkPaths.CLUSTER_ID);
            if (existing.isPresent()) {
                return ClusterIdJson.fromJson(existing.get().data());
            }
            String id = Uuids.randomBase64();
            try {
                zk.create(ZkPaths.CLUSTER_ID, ClusterIdJson.toJson(id), org.apache.zookeeper.CreateMode.PERSISTENT);
                return id;
            } catch (ZkException.NodeExists e) {
                // Another broker created it between our read and our create: loop and read theirs.
            }
        }
    }

    /** The cluster id, if one was created already. */
    public static java.util.Optional<String> get(ZkClient zk) {
        return zk.getDataIfExists(ZkPaths.CLUSTER_ID).map(v -> ClusterIdJson.fromJson(v.data()));
    }
}
