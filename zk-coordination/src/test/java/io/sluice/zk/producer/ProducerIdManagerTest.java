package io.sluice.zk.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.ZkTestBase;
import io.sluice.zk.json.ProducerIdBlock;

class ProducerIdManagerTest extends ZkTestBase {

    @Test
    void firstBlocksAreSequentialAndRecordedInKafkasFormat() {
        ZkClient zk = newClient();
        ProducerIdManager manager = new ProducerIdManager(7, zk);
        for (long expected = 0; expected < 2500; expected++) {
            assertThat(manager.nextProducerId()).isEqualTo(expected);
        }
        assertThat(new String(zk.getData(ZkPaths.LATEST_PRODUCER_ID_BLOCK).data()))
                .isEqualTo("{\"version\":1,\"broker\":7,\"block_start\":\"2000\",\"block_end\":\"2999\"}");
        assertThat(ProducerIdManager.claimBlock(zk, 8)).isEqualTo(new ProducerIdBlock(8, 3000, 3999));
    }

    @Test
    void startsFromAnEmptyNodeAsKafkaCreatesIt() {
        ZkClient zk = newClient();
        zk.ensurePersistentPaths(); // creates /latest_producer_id_block without data
        assertThat(new ProducerIdManager(1, zk).nextProducerId()).isZero();
    }

    @Test
    void refusesWhenTheIdSpaceIsExhausted() {
        ZkClient zk = newClient();
        zk.create(ZkPaths.LATEST_PRODUCER_ID_BLOCK,
                new ProducerIdBlock(1, Long.MAX_VALUE - 1500, Long.MAX_VALUE - 501).toJson(), CreateMode.PERSISTENT);
        assertThatThrownBy(() -> new ProducerIdManager(2, zk).nextProducerId())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Exhausted");
    }

    @Test
    void concurrentManagersOnTwoClientsNeverHandOutTheSameId() throws Exception {
        ProducerIdManager a = new ProducerIdManager(1, newClient());
        ProducerIdManager b = new ProducerIdManager(2, newClient());
        int threads = 8;
        int perThread = 2_500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ProducerIdManager manager = t % 2 == 0 ? a : b;
            results.add(pool.submit(() -> {
                go.await();
                List<Long> ids = new ArrayList<>(perThread);
                for (int i = 0; i < perThread; i++) {
                    ids.add(manager.nextProducerId());
                }
                return ids;
            }));
        }
        go.countDown();
        Set<Long> all = new HashSet<>();
        int total = 0;
        for (Future<List<Long>> f : results) {
            List<Long> ids = f.get(2, TimeUnit.MINUTES);
            total += ids.size();
            all.addAll(ids);
        }
        pool.shutdown();
        assertThat(total).isEqualTo(threads * perThread);
        assertThat(all).as("no id handed out twice").hasSize(total);
        // 20,000 ids from whole blocks of 1000: at most one partly used block per manager
        assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThan(22_000L);
        assertThat(all.stream().mapToLong(Long::longValue).min().orElseThrow()).isZero();
    }
}
