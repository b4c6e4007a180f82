package io.sluice.zk.registration;

import io.sluice.zk.json.BrokerInfo;

/**
 * A broker currently registered under {@code /brokers/ids}.
 *
 * @param info        what the broker registered
 * @param brokerEpoch the czxid of its registration node, Kafka's ZooKeeper-mode broker epoch: it
 *                    grows every time the broker registers anew (restart or session expiry), so a
 *                    controller can tell a bounced broker from one that never left
 */
public record LiveBroker(BrokerInfo info, long brokerEpoch) {

    public int id() {
        return info.id();
    }
}
