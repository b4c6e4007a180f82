package io.sluice.zk.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkException;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.json.IsrChangeNotification;

/**
 * The {@code /isr_change_notification} queue. A partition leader that changed an ISR (after its
 * conditional state write succeeded) appends one sequential node listing the partitions, batching
 * changes as Kafka does so a burst of shrinks is one notification; the controller reads the
 * nodes in order, refreshes those partitions and deletes the nodes. Stateless and thread-safe.
 */
public final class IsrChangeNotifications {

    private final ZkClient zk;

    public IsrChangeNotifications(ZkClient zk) {
        this.zk = zk;
    }

    /** Appends a notification; returns the node's name ({@code isr_change_<10-digit seq>}). */
    public String publish(Collection<IsrChangeNotification.Partition> partitions) {
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("An ISR change notification needs at least one partition");
        }
        String path = zk.createSequential(ZkPaths.isrChangePrefix(), new IsrChangeNotification(List.copyOf(partitions)).toJson());
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Pending notification names, oldest first. */
    public List<String> pending() {
        return zk.getChildren(ZkPaths.ISR_CHANGE_NOTIFICATION).stream()
                .filter(n -> n.startsWith(ZkPaths.ISR_CHANGE_PREFIX)).sorted().toList();
    }

    /** Reads the named notifications (skipping any deleted meanwhile) and returns their partitions. */
    public List<IsrChangeNotification.Partition> read(List<String> names) {
        List<IsrChangeNotification.Partition> all = new ArrayList<>();
        for (String name : names) {
            String path = ZkPaths.ISR_CHANGE_NOTIFICATION + "/" + name;
            zk.getDataIfExists(path).ifPresent(v -> all.addAll(IsrChangeNotification.fromJson(v.data(), path).partitions()));
        }
        return all;
    }

    /** Deletes processed notifications. */
    public void delete(List<String> names) {
        for (String name : names) {
            try {
                zk.delete(ZkPaths.ISR_CHANGE_NOTIFICATION + "/" + name, -1);
            } catch (ZkException.NoNode e) {
                // already gone
            }
        }
    }
}
