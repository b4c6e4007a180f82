package io.sluice.zk.producer;

import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.zk.VersionedData;
import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkException;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.json.ProducerIdBlock;

/**
 * Hands out producer ids (InitProducerId) that are unique across the cluster.
 *
 * <p>Brokers reserve ids in blocks of {@link #BLOCK_SIZE}: {@code /latest_producer_id_block}
 * holds the last block reserved by anyone; a broker claims the next block by a conditional write
 * against the zkVersion it read, so when two brokers race, one write fails with BadVersion and
 * that broker reads again and claims the block after the winner's. Ids are then served from
 * memory until the block is used up. Ids of a block lost in a crash are never reused (that is fine:
 * uniqueness matters, density does not).
 *
 * <p>Thread-safe: {@link #nextProducerId()} is synchronised; a caller may block on ZooKeeper once
 * per {@value #BLOCK_SIZE} ids.
 */
public final class ProducerIdManager {

    private static final Logger log = LoggerFactory.getLogger(ProducerIdManager.class);
    public static final long BLOCK_SIZE = 1000L;

    private final int brokerId;
    private final ZkClient zk;
    private ProducerIdBlock block;
    private long next;

    public ProducerIdManager(int brokerId, ZkClient zk) {
        this.brokerId = brokerId;
        this.zk = zk;
    }

    /** The next unused producer id, claiming a new block from ZooKeeper when the current one is spent. */
    public synchronized long nextProducerId() {
        if (block == null || next > block.lastProducerId()) {
            block = claimBlock(zk, brokerId);
            next = block.firstProducerId();
        }
        return next++;
    }

    /**
     * Reserves the block after the cluster's latest one and returns it. The ZooKeeper half of the
     * manager, kept static so a controller serving AllocateProducerIds can call it directly.
     *
     * @throws IllegalStateException if the id space is exhausted
     */
    public static ProducerIdBlock claimBlock(ZkClient zk, int brokerId) {
        int attempts = 0;
        while (true) {
            attempts++;
            VersionedData current = zk.getDataIfExists(ZkPaths.LATEST_PRODUCER_ID_BLOCK).orElse(null);
            long first;
            if (current == null || current.data().length == 0) {
                first = 0;
            } else {
                ProducerIdBlock latest = ProducerIdBlock.fromJson(current.data());
                if (latest.lastProducerId() > Long.MAX_VALUE - BLOCK_SIZE) {
                    throw new IllegalStateException("Exhausted all producer ids: the latest block ends at "
                            + latest.lastProducerId());
                }
                first = latest.lastProducerId() + 1;
            }
            ProducerIdBlock claimed = new ProducerIdBlock(brokerId, first, first + BLOCK_SIZE - 1);
            try {
                if (current == null) {
                    zk.create(ZkPaths.LATEST_PRODUCER_ID_BLOCK, claimed.toJson(), CreateMode.PERSISTENT);
                } else {
                    zk.setData(ZkPaths.LATEST_PRODUCER_ID_BLOCK, claimed.toJson(), current.zkVersion());
                }
                log.info("Broker {} claimed producer id block [{}, {}] after {} attempt(s)", brokerId,
                        claimed.firstProducerId(), claimed.lastProducerId(), attempts);
                return claimed;
            } catch (ZkException.BadVersion | ZkException.NodeExists | ZkException.NoNode e) {
                // Another broker claimed a block in between; read its block and claim the next one.
            }
        }
    }
}
