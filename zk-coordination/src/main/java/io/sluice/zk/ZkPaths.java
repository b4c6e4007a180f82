package io.sluice.zk;

import java.util.List;

/**
 * Every znode path Sluice reads or writes, in one place. The layout is the classic ZooKeeper-mode
 * Kafka layout, so an operator who knows Kafka can browse it with {@code zkCli.sh} unchanged:
 *
 * <pre>
 * /cluster/id                                     {"version":"1","id":"&lt;base64 uuid&gt;"}
 * /brokers/ids/&lt;id&gt;                    ephemeral  broker registration (version 5)
 * /brokers/topics/&lt;topic&gt;                       topic id + replica assignment (version 3)
 * /brokers/topics/&lt;topic&gt;/partitions/&lt;p&gt;/state  leader, leader_epoch, isr, controller_epoch (version 1)
 * /controller                       ephemeral  {"version":1,"brokerid":..,"timestamp":".."}
 * /controller_epoch                            decimal text, e.g. 7
 * /admin/reassign_partitions                   pending reassignment
 * /admin/delete_topics/&lt;topic&gt;                 empty marker: topic queued for deletion
 * /admin/preferred_replica_election            pending preferred-leader election
 * /isr_change_notification/isr_change_&lt;seq&gt;     leaders tell the controller about ISR changes
 * /config/topics/&lt;topic&gt;                        {"version":1,"config":{..}}
 * /config/brokers/&lt;id&gt; and /config/brokers/&lt;default&gt;
 * /config/changes/config_change_&lt;seq&gt;           {"version":2,"entity_path":"topics/&lt;topic&gt;"}
 * /latest_producer_id_block                    last producer id block handed out (version 1)
 * </pre>
 *
 * <p>All paths are relative to the chroot of {@code zookeeper.connect} (see {@link ZkClientConfig}).
 * This class is stateless and thread-safe.
 */
public final class ZkPaths {

    public static final String CLUSTER = "/cluster";
    public static final String CLUSTER_ID = CLUSTER + "/id";

    public static final String BROKERS = "/brokers";
    public static final String BROKER_IDS = BROKERS + "/ids";
    public static final String BROKER_TOPICS = BROKERS + "/topics";
    /** Kafka creates it at startup for the (now unused) broker sequence id generator; kept for familiarity. */
    public static final String BROKER_SEQUENCE_ID = BROKERS + "/seqid";

    public static final String CONTROLLER = "/controller";
    public static final String CONTROLLER_EPOCH = "/controller_epoch";

    public static final String ADMIN = "/admin";
    public static final String REASSIGN_PARTITIONS = ADMIN + "/reassign_partitions";
    public static final String DELETE_TOPICS = ADMIN + "/delete_topics";
    public static final String PREFERRED_REPLICA_ELECTION = ADMIN + "/preferred_replica_election";

    public static final String ISR_CHANGE_NOTIFICATION = "/isr_change_notification";
    public static final String ISR_CHANGE_PREFIX = "isr_change_";

    public static final String CONFIG = "/config";
    public static final String CONFIG_TOPICS = CONFIG + "/topics";
    public static final String CONFIG_BROKERS = CONFIG + "/brokers";
    public static final String CONFIG_CHANGES = CONFIG + "/changes";
    public static final String CONFIG_CHANGE_PREFIX = "config_change_";
    /** The entity name under /config/brokers that holds cluster-wide broker defaults. */
    public static final String DEFAULT_BROKER_ENTITY = "<default>";

    public static final String LATEST_PRODUCER_ID_BLOCK = "/latest_producer_id_block";

    /**
     * Persistent paths every broker makes sure exist at startup (as Kafka does), so that later
     * multi-op transactions can create children without creating parents.
     */
    public static final List<String> PERSISTENT_PATHS = List.of(
            BROKER_IDS, BROKER_TOPICS, BROKER_SEQUENCE_ID, DELETE_TOPICS, ISR_CHANGE_NOTIFICATION,
            CONFIG_TOPICS, CONFIG_BROKERS, CONFIG_CHANGES, CONFIG + "/clients", CONFIG + "/users",
            LATEST_PRODUCER_ID_BLOCK);

    private ZkPaths() {
    }

    public static String brokerId(int brokerId) {
        return BROKER_IDS + "/" + brokerId;
    }

    public static String topic(String topic) {
        return BROKER_TOPICS + "/" + topic;
    }

    public static String topicPartitions(String topic) {
        return topic(topic) + "/partitions";
    }

    public static String topicPartition(String topic, int partition) {
        return topicPartitions(topic) + "/" + partition;
    }

    public static String partitionState(String topic, int partition) {
        return topicPartition(topic, partition) + "/state";
    }

    public static String deleteTopic(String topic) {
        return DELETE_TOPICS + "/" + topic;
    }

    public static String topicConfig(String topic) {
        return CONFIG_TOPICS + "/" + topic;
    }

    /** @param entity a broker id as text, or {@link #DEFAULT_BROKER_ENTITY} */
    public static String brokerConfig(String entity) {
        return CONFIG_BROKERS + "/" + entity;
    }

    /** Path prefix handed to a PERSISTENT_SEQUENTIAL create; ZooKeeper appends a 10-digit sequence. */
    public static String configChangePrefix() {
        return CONFIG_CHANGES + "/" + CONFIG_CHANGE_PREFIX;
    }

    public static String isrChangePrefix() {
        return ISR_CHANGE_NOTIFICATION + "/" + ISR_CHANGE_PREFIX;
    }
}
