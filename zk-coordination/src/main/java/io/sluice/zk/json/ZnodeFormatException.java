package io.sluice.zk.json;

/** A znode's bytes are not the JSON this version of Sluice (or Kafka) writes there. */
public class ZnodeFormatException extends RuntimeException {

    public ZnodeFormatException(String message) {
        super(message);
    }

    public ZnodeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
