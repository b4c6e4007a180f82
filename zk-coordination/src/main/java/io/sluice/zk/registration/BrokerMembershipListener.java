package io.sluice.zk.registration;

/**
 * Told about brokers joining and leaving. Calls arrive on the membership cache's single event
 * thread, in ZooKeeper order; implementations should hand work off rather than block (the
 * controller will enqueue an event). A broker that re-registers after a session expiry shows up
 * as {@code onBrokerLeft} followed by {@code onBrokerJoined} with a larger broker epoch.
 */
public interface BrokerMembershipListener {

    void onBrokerJoined(LiveBroker broker);

    void onBrokerLeft(int brokerId);

    /** The registration data changed in place (same session), e.g. new endpoints. */
    default void onBrokerUpdated(LiveBroker broker) {
    }
}
