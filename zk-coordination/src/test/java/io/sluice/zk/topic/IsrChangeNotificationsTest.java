package io.sluice.zk.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.ZkTestBase;
import io.sluice.zk.json.IsrChangeNotification.Partition;

class IsrChangeNotificationsTest extends ZkTestBase {

    @Test
    void publishReadInOrderAndDelete() {
        ZkClient zk = newClient();
        zk.ensurePersistentPaths();
        IsrChangeNotifications queue = new IsrChangeNotifications(zk);

        String first = queue.publish(List.of(new Partition("orders", 0), new Partition("orders", 3)));
        String second = queue.publish(List.of(new Partition("logs", 1)));
        assertThat(first).matches("isr_change_\\d{10}");
        assertThat(new String(zk.getData(ZkPaths.ISR_CHANGE_NOTIFICATION + "/" + first).data())).isEqualTo(
                "{\"version\":1,\"partitions\":[{\"topic\":\"orders\",\"partition\":0},{\"topic\":\"orders\",\"partition\":3}]}");

        List<String> pending = queue.pending();
        assertThat(pending).containsExactly(first, second);
        assertThat(queue.read(pending))
                .containsExactly(new Partition("orders", 0), new Partition("orders", 3), new Partition("logs", 1));
        queue.delete(pending);
        assertThat(queue.pending()).isEmpty();
        queue.delete(pending); // already gone: no error
    }
}
