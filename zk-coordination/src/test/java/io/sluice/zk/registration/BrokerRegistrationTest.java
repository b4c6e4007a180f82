package io.sluice.zk.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

import io.sluice.zk.ClusterIdStore;
import io.sluice.zk.ZkClient;
import io.sluice.zk.ZkPaths;
import io.sluice.zk.ZkTestBase;
import io.sluice.zk.json.BrokerInfo;
import io.sluice.zk.json.Endpoint;

class BrokerRegistrationTest extends ZkTestBase {

    private static BrokerInfo broker(int id, int port) {
        return BrokerInfo.of(id, List.of(Endpoint.plaintext("localhost", port)), "rack-" + id, 0L);
    }

    private BrokerRegistration register(ZkClient zk, BrokerInfo info) {
        BrokerRegistration registration = closeLater(new BrokerRegistration(zk, info));
        registration.register();
        return registration;
    }

    @Test
    void registersEphemeralNodeWithEndpointsRackAndTimestamp() {
        ZkClient zk = newClient();
        register(zk, broker(1, 9092));

        Stat stat = zk.stat(ZkPaths.brokerId(1)).orElseThrow();
        assertThat(stat.getEphemeralOwner()).isEqualTo(zk.sessionId());
        BrokerInfo stored = BrokerInfo.fromJson(1, zk.getData(ZkPaths.brokerId(1)).data());
        assertThat(stored.endpoints()).containsExactly(Endpoint.plaintext("localhost", 9092));
        assertThat(stored.rack()).isEqualTo("rack-1");
        assertThat(stored.timestampMs()).as("registration time, not the template's").isGreaterThan(0L);
    }

    @Test
    void secondBrokerWithSameIdIsRefusedWithAClearMessage() {
        ZkClient first = newClient();
        ZkClient second = newClient();
        register(first, broker(1, 9092));

        BrokerRegistration duplicate = closeLater(new BrokerRegistration(second, broker(1, 9093)));
        assertThatThrownBy(duplicate::register)
                .isInstanceOf(BrokerIdInUseException.class)
                .hasMessageContaining("Broker id 1 is already registered")
                .hasMessageContaining("broker.id=1");
        assertThat(duplicate.state()).isEqualTo(BrokerRegistration.State.FAILED);
        // the first registration is untouched
        assertThat(BrokerInfo.fromJson(1, first.getData(ZkPaths.brokerId(1)).data()).endpoints().get(0).port())
                .isEqualTo(9092);
        // a different id is fine
        register(second, broker(2, 9093));
        assertThat(first.getChildren(ZkPaths.BROKER_IDS)).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void reRegistersAfterSessionExpiry() throws Exception {
        ZkClient zk = newClient();
        BrokerRegistration registration = register(zk, broker(1, 9092));
        long oldSession = zk.sessionId();
        long oldCzxid = zk.stat(ZkPaths.brokerId(1)).orElseThrow().getCzxid();

        expireSession(zk);

        await(() -> {
            Stat stat = observer().stat(ZkPaths.brokerId(1)).orElse(null);
            return stat != null && stat.getEphemeralOwner() != oldSession;
        }, "broker 1 registered under a new session");
        Stat stat = observer().stat(ZkPaths.brokerId(1)).orElseThrow();
        assertThat(stat.getEphemeralOwner()).isEqualTo(zk.sessionId());
        assertThat(stat.getCzxid()).as("a new node, i.e. a new broker epoch").isGreaterThan(oldCzxid);
        assertThat(registration.state()).isEqualTo(BrokerRegistration.State.REGISTERED);
        assertThat(registration.ownerSession()).isEqualTo(zk.sessionId());
    }

    @Test
    void failsWhenAnotherBrokerTookTheIdWhileOurSessionWasGone() throws Exception {
        ZkClient zk = newClient();
        ZkClient intruder = newClient();
        AtomicReference<Exception> failure = new AtomicReference<>();
        BrokerRegistration registration = closeLater(
                new BrokerRegistration(zk, broker(1, 9092), System::currentTimeMillis, failure::set));
        registration.register();

        // Holding the registration's lock keeps its re-registration from running until the
        // intruder has registered the same id in the gap left by our expired session.
        synchronized (registration) {
            expireSession(zk);
            await(() -> !intruder.exists(ZkPaths.brokerId(1)), "the expired session's node removed");
            register(intruder, broker(1, 9999));
        }

        await(() -> registration.state() == BrokerRegistration.State.FAILED, "registration failed");
        assertThat(failure.get()).isInstanceOf(BrokerIdInUseException.class).hasMessageContaining("broker.id=1");
        assertThat(intruder.stat(ZkPaths.brokerId(1)).orElseThrow().getEphemeralOwner()).isEqualTo(intruder.sessionId());
    }

    @Test
    void closeDeregisters() {
        ZkClient zk = newClient();
        BrokerRegistration registration = register(zk, broker(3, 9092));
        assertThat(zk.exists(ZkPaths.brokerId(3))).isTrue();
        registration.close();
        assertThat(zk.exists(ZkPaths.brokerId(3))).isFalse();
        assertThatThrownBy(registration::register).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clusterIdIsCreatedOnceAndSharedByEveryBroker() {
        ZkClient a = newClient();
        ZkClient b = newClient();
        assertThat(ClusterIdStore.get(a)).isEmpty();
        String id = ClusterIdStore.getOrCreate(a);
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(ClusterIdStore.getOrCreate(b)).isEqualTo(id);
        assertThat(ClusterIdStore.getOrCreate(a)).isEqualTo(id);
        assertThat(new String(a.getData(ZkPaths.CLUSTER_ID).data())).isEqualTo("{\"version\":\"1\",\"id\":\"" + id + "\"}");
    }

    @Test
    void membershipSeesJoinsLeavesAndExpiries() throws Exception {
        ZkClient controllerSide = newClient();
        ZkClient broker1 = newClient();
        ZkClient broker2 = newClient();
        register(broker1, broker(1, 9092));

        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<LiveBroker> lastJoined = new AtomicReference<>();
        BrokerMembership membership = closeLater(new BrokerMembership(controllerSide));
        membership.addListener(new BrokerMembershipListener() {
            @Override
            public void onBrokerJoined(LiveBroker broker) {
                lastJoined.set(broker);
                events.add("joined " + broker.id());
            }

            @Override
            public void onBrokerLeft(int brokerId) {
                events.add("left " + brokerId);
            }
        });
        membership.start();
        assertThat(membership.liveBrokers()).containsOnlyKeys(1);
        assertThat(membership.broker(1).orElseThrow().info().rack()).isEqualTo("rack-1");
        long epochBefore = membership.broker(1).orElseThrow().brokerEpoch();

        BrokerRegistration second = register(broker2, broker(2, 9093));
        await(() -> membership.isAlive(2), "broker 2 seen");
        second.close();
        await(() -> !membership.isAlive(2), "broker 2 gone");

        expireSession(broker1);
        await(() -> membership.broker(1).map(b -> b.brokerEpoch() > epochBefore).orElse(false),
                "broker 1 back with a new epoch");

        // The membership map changes before its listeners are called: wait for the listener to catch up.
        await(() -> events.size() >= 5, "five membership events");
        assertThat(events).startsWith("joined 1", "joined 2", "left 2", "left 1", "joined 1");
        assertThat(lastJoined.get().info().endpoints()).containsExactly(Endpoint.plaintext("localhost", 9092));
        assertThat(membership.liveBrokers()).containsOnlyKeys(1);
    }

    /** A separate client that only looks. */
    private ZkClient observer;

    private ZkClient observer() {
        if (observer == null) {
            observer = newClient();
        }
        return observer;
    }

}
