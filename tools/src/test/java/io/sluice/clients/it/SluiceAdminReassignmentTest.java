package io.sluice.clients.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.admin.ElectLeadersResult;
import io.sluice.clients.admin.ElectionType;
import io.sluice.clients.admin.SluiceAdmin;
import io.sluice.clients.admin.TopicPartitionInfo;
import io.sluice.clients.common.ApiException;
import io.sluice.clients.common.TopicPartition;
import io.sluice.clients.common.UnsupportedVersionException;
import io.sluice.protocol.Errors;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Leader election and partition reassignment through {@link SluiceAdmin}. Against Apache Kafka 3.9
 * (one broker, {@code broker.id=0}) the calls reach the controller and we check the answers Kafka
 * gives for the cases a single broker can produce. Sluice's broker does not serve ElectLeaders,
 * AlterPartitionReassignments or ListPartitionReassignments yet (they come with the cluster issue):
 * there each call must fail at once with an {@link UnsupportedVersionException} naming the API, not
 * time out. When Sluice serves them, add SLUICE to the behaviour tests' sources.
 */
class SluiceAdminReassignmentTest extends Brokers.PerClass {

    /** The broker id of the fixture's Apache Kafka (scripts/apache-kafka.sh sets broker.id=0). */
    private static final int KAFKA_BROKER_ID = 0;

    private SluiceAdmin admin;

    private SluiceAdmin open(BrokerUnderTest kind) {
        admin = SluiceAdmin.create(Map.of("bootstrap.servers", broker(kind).bootstrapServers(), "default.api.timeout.ms", 60_000));
        return admin;
    }

    @AfterEach
    void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    @ParameterizedTest
    @EnumSource(value = BrokerUnderTest.class, names = "APACHE_KAFKA")
    void electsNoLeaderWhereThePreferredReplicaAlreadyLeads(BrokerUnderTest kind) throws Exception {
        broker(kind).createTopic("elect-orders", 2);
        open(kind);
        TopicPartition p0 = new TopicPartition("elect-orders", 0);
        TopicPartition p1 = new TopicPartition("elect-orders", 1);
        TopicPartition missing = new TopicPartition("elect-missing", 0);

        ElectLeadersResult result = admin.electLeaders(ElectionType.PREFERRED, new LinkedHashSet<>(List.of(p0, p1, missing)));

        Map<TopicPartition, Optional<ApiException>> outcomes = result.partitions().get(60, TimeUnit.SECONDS);
        assertThat(outcomes).containsOnlyKeys(p0, p1, missing);
        assertThat(outcomes.get(p0)).get().extracting(ApiException::error).isEqualTo(Errors.ELECTION_NOT_NEEDED);
        assertThat(outcomes.get(p1)).get().extracting(ApiException::error).isEqualTo(Errors.ELECTION_NOT_NEEDED);
        assertThat(outcomes.get(missing)).get().extracting(ApiException::error).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertError(result.value(p0), Errors.ELECTION_NOT_NEEDED);
        assertError(result.value(missing), Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThatThrownBy(() -> result.all().get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ApiException.class);

        // Unclean elections use ElectLeaders v1+ (election_type): a live leader needs no election either.
        assertError(admin.electLeaders(ElectionType.UNCLEAN, Set.of(p0)).value(p0), Errors.ELECTION_NOT_NEEDED);

        // Null (every partition, a null array on the wire): Kafka answers only for partitions it had to
        // consider, and on one broker every partition's preferred replica already leads.
        assertThat(admin.electLeaders(ElectionType.PREFERRED, null).partitions().get(60, TimeUnit.SECONDS)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = BrokerUnderTest.class, names = "APACHE_KAFKA")
    void reassignsAPartitionToItsCurrentReplicasAndRejectsImpossibleReassignments(BrokerUnderTest kind) throws Exception {
        broker(kind).createTopic("reassign-orders", 1);
        open(kind);
        TopicPartition partition = new TopicPartition("reassign-orders", 0);

        admin.alterPartitionReassignments(Map.of(partition, Optional.of(List.of(KAFKA_BROKER_ID)))).all().get(60, TimeUnit.SECONDS);

        assertThat(admin.listPartitionReassignments(Set.of(partition)).get(60, TimeUnit.SECONDS)).doesNotContainKey(partition);
        assertThat(admin.listPartitionReassignments().get(60, TimeUnit.SECONDS)).doesNotContainKey(partition);
        List<TopicPartitionInfo> partitions = admin.describeTopics(List.of("reassign-orders")).value("reassign-orders")
                .get(60, TimeUnit.SECONDS).partitions();
        assertThat(partitions).singleElement().satisfies(p -> {
            assertThat(p.replicas()).extracting(io.sluice.clients.common.Node::id).containsExactly(KAFKA_BROKER_ID);
            assertThat(p.leader().id()).isEqualTo(KAFKA_BROKER_ID);
        });

        assertError(admin.alterPartitionReassignments(Map.of(partition, Optional.of(List.of(KAFKA_BROKER_ID, 99))))
                .value(partition), Errors.INVALID_REPLICA_ASSIGNMENT);
        assertError(admin.alterPartitionReassignments(Map.of(partition, Optional.empty())).value(partition),
                Errors.NO_REASSIGNMENT_IN_PROGRESS);
        TopicPartition missing = new TopicPartition("reassign-missing", 0);
        assertError(admin.alterPartitionReassignments(Map.of(missing, Optional.of(List.of(KAFKA_BROKER_ID)))).value(missing),
                Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @ParameterizedTest
    @EnumSource(value = BrokerUnderTest.class, names = "SLUICE")
    void aBrokerWithoutTheApisFailsEachCallWithUnsupportedVersion(BrokerUnderTest kind) {
        open(kind);
        TopicPartition partition = new TopicPartition("anything", 0);

        assertUnsupported(() -> admin.electLeaders(ElectionType.PREFERRED, Set.of(partition)).value(partition).get(),
                "ElectLeaders");
        assertUnsupported(() -> admin.electLeaders(ElectionType.UNCLEAN, null).partitions().get(), "ElectLeaders");
        assertUnsupported(() -> admin.alterPartitionReassignments(Map.of(partition, Optional.of(List.of(0))))
                .value(partition).get(), "AlterPartitionReassignments");
        assertUnsupported(() -> admin.listPartitionReassignments().get(), "ListPartitionReassignments");
    }

    private static void assertUnsupported(ThrowingCallable call, String api) {
        // default.api.timeout.ms is 60 s: a TimeoutException here would mean the call kept retrying.
        assertThatThrownBy(call)
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UnsupportedVersionException.class)
                .hasMessageContaining("does not support " + api);
    }

    private static void assertError(Future<?> future, Errors expected) {
        assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo(expected));
    }
}
