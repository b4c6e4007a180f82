package io.sluice.server.api;

/**
 * The authorized-operations bit fields of Metadata, DescribeCluster and DescribeGroups. Without an authorizer every
 * principal may do everything a resource supports, which is what Kafka reports then too. Bits are
 * Kafka's AclOperation codes: READ 3, WRITE 4, CREATE 5, DELETE 6, ALTER 7, DESCRIBE 8,
 * CLUSTER_ACTION 9, DESCRIBE_CONFIGS 10, ALTER_CONFIGS 11, IDEMPOTENT_WRITE 12.
 */
final class AuthorizedOperations {

    /** The value when the client did not ask for the operations. */
    static final int NOT_REQUESTED = Integer.MIN_VALUE;

    static final int TOPIC = bits(3, 4, 5, 6, 7, 8, 10, 11);
    static final int CLUSTER = bits(5, 7, 8, 9, 10, 11, 12);
    /** A group supports READ, DELETE and DESCRIBE. */
    static final int GROUP = bits(3, 6, 8);

    private AuthorizedOperations() {
    }

    private static int bits(int... operations) {
        int field = 0;
        for (int op : operations) {
            field |= 1 << op;
        }
        return field;
    }
}
