package io.sluice.clients.admin;

import java.util.Objects;

/**
 * One change of an incremental config alteration: set a value, delete it (back to the default), or
 * append to / subtract from a list config. The codes are Kafka's IncrementalAlterConfigs operations.
 */
public record AlterConfigOp(String name, String value, OpType op) {

    public enum OpType {
        SET((byte) 0), DELETE((byte) 1), APPEND((byte) 2), SUBTRACT((byte) 3);

        private final byte code;

        OpType(byte code) {
            this.code = code;
        }

        public byte code() {
            return code;
        }
    }

    public AlterConfigOp {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
    }

    public static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(name, value, OpType.SET);
    }

    public static AlterConfigOp delete(String name) {
        return new AlterConfigOp(name, null, OpType.DELETE);
    }
}
