package io.sluice.zk.registration;

/**
 * Another live ZooKeeper session holds {@code /brokers/ids/<id>}: some other broker process runs
 * with the same {@code broker.id}. The broker must not start (or must stop) rather than share the id.
 */
public class BrokerIdInUseException extends RuntimeException {

    public BrokerIdInUseException(String message) {
        super(message);
    }
}
