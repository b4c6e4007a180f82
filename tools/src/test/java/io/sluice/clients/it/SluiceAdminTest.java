package io.sluice.clients.it;

import io.sluice.server.cluster.SluiceTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link AdminContractTest} against a one-broker Sluice cluster. */
class SluiceAdminTest extends AdminContractTest {

    private static SluiceTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = SluiceTestCluster.start(1);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected String bootstrapServers() {
        return cluster.bootstrapServers();
    }
}
