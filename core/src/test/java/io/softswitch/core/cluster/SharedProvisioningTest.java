package io.softswitch.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.Provisioning;
import io.softswitch.config.StorageConfig;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.core.store.Bootstrap;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Store;
import io.softswitch.core.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two provisioning stores on one PostgreSQL schema, as two nodes have: a change committed through
 * one reaches the other's listeners through LISTEN/NOTIFY, and one committed while the other's
 * listener was cut arrives by the full re-read after it reconnects.
 */
class SharedProvisioningTest {
    @TempDir
    Path dir;
    private String url;
    private Store storeA;
    private Store storeB;
    private ProvisioningFeed feedA;
    private ProvisioningFeed feedB;

    @BeforeEach
    void open() throws Exception {
        url = TestDatabases.newPostgresSchema();
        java.nio.file.Files.createDirectories(dir.resolve("a"));
        java.nio.file.Files.createDirectories(dir.resolve("b"));
        StorageConfig storage = new StorageConfig(url, TestDatabases.PG_USER, "", 2);
        storeA = Store.open(storage, dir.resolve("a"));
        storeB = Store.open(storage, dir.resolve("b"));
    }

    @AfterEach
    void close() {
        for (AutoCloseable c : new AutoCloseable[] {feedA, feedB, storeA, storeB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what the test opened; the schema goes next
            }
        }
        TestDatabases.dropSchema(url);
    }

    @Test
    void changeCommittedOnOneNodeReachesTheOtherWithinASecond() throws Exception {
        String main = Bootstrap.ensureMainAccount(storeA.jdbc(), dir.resolve("a"), name -> null);
        StorageConfig storage = new StorageConfig(url, TestDatabases.PG_USER, "", 2);
        ProvisioningStore a = new ProvisioningStore(new Rows(storeA.jdbc()), main);
        ProvisioningStore b = new ProvisioningStore(new Rows(storeB.jdbc()), main);
        feedA = ProvisioningFeed.start(storage, a, new NodeId("a"));
        feedB = ProvisioningFeed.start(storage, b, new NodeId("b"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feedA.listening() && feedB.listening());
        AtomicReference<Long> seenAt = new AtomicReference<>();
        b.addListener(p -> {
            if (p.trunks().stream().map(Trunk::name).anyMatch("late"::equals)) {
                seenAt.compareAndSet(null, System.nanoTime());
            }
        });

        long committed;
        a.apply(declaration("late"));
        committed = System.nanoTime();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> seenAt.get() != null);
        long ms = Duration.ofNanos(seenAt.get() - committed).toMillis();
        System.out.printf("shared provisioning: node b's routing had node a's change %d ms after the commit%n", ms);
        assertThat(ms).isLessThan(1000);
        assertThat(b.current().trunks()).extracting(Trunk::name).contains("late");
    }

    @Test
    void changeCommittedWhileTheListenerIsCutArrivesByTheResyncAfterTheReconnect() throws Exception {
        String main = Bootstrap.ensureMainAccount(storeA.jdbc(), dir.resolve("a"), name -> null);
        StorageConfig storage = new StorageConfig(url, TestDatabases.PG_USER, "", 2);
        ProvisioningStore a = new ProvisioningStore(new Rows(storeA.jdbc()), main);
        ProvisioningStore b = new ProvisioningStore(new Rows(storeB.jdbc()), main);
        feedA = ProvisioningFeed.start(storage, a, new NodeId("a"));
        // A name of its own: the shared PostgreSQL may serve other tests' feeds at the same time.
        String nodeB = "b-" + Long.toHexString(System.nanoTime());
        feedB = ProvisioningFeed.start(storage, b, new NodeId(nodeB));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> feedA.listening() && feedB.listening());

        // The server drops node b's listener connection (as a restart or a cut path would).
        try (Connection c = DriverManager.getConnection(url, TestDatabases.PG_USER, "");
                Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'softswitch-feed-" + nodeB + "'");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> !feedB.listening());
        // Committed in the second b waits before it reconnects: its NOTIFY reaches no one on b's side.
        a.apply(declaration("while-cut"));
        assertThat(feedB.listening()).as("still cut when the change was notified").isFalse();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.current().trunks().stream()
                .map(Trunk::name).anyMatch("while-cut"::equals));
        assertThat(feedB.listening()).isTrue();
    }

    private static Provisioning declaration(String trunk) throws Exception {
        return new ConfigLoader(name -> null).parse("p.yaml", """
                provisioning:
                  trunks:
                    - name: %s
                      ip_acl: [198.51.100.7/32]
                """.formatted(trunk)).provisioning();
    }
}
