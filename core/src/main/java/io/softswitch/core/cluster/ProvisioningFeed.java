package io.softswitch.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.softswitch.config.StorageConfig;
import io.softswitch.core.store.ProvisioningStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared provisioning between the nodes of a cluster over PostgreSQL {@code LISTEN/NOTIFY}: every
 * provisioning change a node commits sends, in its own transaction, a {@code NOTIFY} on
 * {@value #CHANNEL} whose payload names the node and the SIDs it wrote; every other node, listening
 * on one dedicated connection, re-reads the tables and swaps its routing snapshot
 * ({@link ProvisioningStore#changed()}). PostgreSQL delivers a notification only when its
 * transaction commits, so no node routes on a change that was rolled back.
 *
 * <p>Notifications sent while the listener is disconnected are lost, so after every (re)connect it
 * resyncs in full before waiting for the next one. The payload's SIDs are for the log: the routing
 * snapshot is compiled from the whole state (a trunk's route depends on its carriers, numbers and
 * ACLs), so a node always re-reads everything; the re-read is one query per table.
 *
 * <p>Threads: one daemon thread, {@code provisioning-feed}, owns the listener connection and calls
 * the store; writers' threads only run {@link #notify} inside their transaction.
 */
public final class ProvisioningFeed implements AutoCloseable {
    /** The PostgreSQL notification channel. */
    public static final String CHANNEL = "softswitch_provisioning";
    /** PostgreSQL refuses payloads of 8000 bytes or more; above this the SIDs are left out. */
    static final int MAX_PAYLOAD = 7000;
    /** How long one wait for notifications lasts; bounds how late a stop is seen. */
    static final Duration POLL = Duration.ofMillis(500);
    /** How often a quiet listener connection is checked. */
    static final Duration CHECK = Duration.ofSeconds(5);
    /** Pause between reconnection attempts while the database is unreachable. */
    static final Duration RECONNECT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StorageConfig storage;
    private final ProvisioningStore store;
    private final NodeId node;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;
    private volatile boolean listening;

    private ProvisioningFeed(StorageConfig storage, ProvisioningStore store, NodeId node) {
        this.storage = storage;
        this.store = store;
        this.node = node;
        this.thread = new Thread(this::run, "provisioning-feed");
        this.thread.setDaemon(true);
    }

    /**
     * Sends this node's changes and follows the other nodes' ones. {@code storage} must be a
     * PostgreSQL URL (the configuration refuses {@code cluster.shared_provisioning} otherwise).
     */
    public static ProvisioningFeed start(StorageConfig storage, ProvisioningStore store, NodeId node) {
        if (!storage.url().startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("storage.url: " + storage.url() + " (expected: jdbc:postgresql://...)");
        }
        ProvisioningFeed feed = new ProvisioningFeed(storage, store, node);
        store.commitHook(feed::notify);
        feed.thread.start();
        return feed;
    }

    /** Whether the listener connection is up and listening (for {@code /ready}). */
    public boolean listening() {
        return listening;
    }

    /** Joined to a change's transaction: the NOTIFY other nodes get when it commits. */
    void notify(Connection c, Set<String> sids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, payload(node, sids));
            ps.execute();
        }
    }

    /** {@code {"node":"a","sids":["TK..."]}}; the SIDs become {@code "all":true} past {@link #MAX_PAYLOAD}. */
    static String payload(NodeId node, Set<String> sids) {
        ObjectNode o = JSON.createObjectNode().put("node", node.value());
        ArrayNode list = o.putArray("sids");
        sids.forEach(list::add);
        String text = o.toString();
        if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD) {
            return text;
        }
        return JSON.createObjectNode().put("node", node.value()).put("all", true).toString();
    }

    private void run() {
        boolean warned = false;
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                LOG.info("following provisioning changes of other nodes (LISTEN {})", CHANNEL);
                warned = false;
                // Anything committed before LISTEN took effect (start, or while disconnected) was
                // never notified to this connection: read everything once.
                store.changed();
                PGConnection pg = c.unwrap(PGConnection.class);
                long lastCheck = System.nanoTime();
                while (running) {
                    PGNotification[] got = pg.getNotifications((int) POLL.toMillis());
                    if (got != null && got.length > 0) {
                        handle(got);
                    } else if (System.nanoTime() - lastCheck > CHECK.toNanos()) {
                        // A waiting listener sends nothing, so a path cut without a reset would go
                        // unnoticed: ask something now and then.
                        check(c);
                        lastCheck = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    break;
                }
                if (!warned) {
                    LOG.warn("provisioning feed: {}; retrying every {} s, then resyncing", e.getMessage(),
                            RECONNECT.toSeconds());
                    warned = true;
                }
                pause();
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    private void handle(PGNotification[] got) {
        java.util.List<String> others = new java.util.ArrayList<>();
        for (PGNotification n : got) {
            String from = origin(n.getParameter());
            if (!node.value().equals(from)) {
                others.add(n.getParameter());
            }
        }
        if (!others.isEmpty()) {
            // One re-read for a burst of changes; the store compares and publishes only a difference.
            store.changed();
            LOG.info("routing follows {} change(s) of other nodes: {}", others.size(), String.join(" ", others));
        }
    }

    /** The node a payload comes from, or "" when it cannot be read (then it counts as another node's). */
    static String origin(String payload) {
        try {
            JsonNode n = JSON.readTree(payload);
            return n != null && n.hasNonNull("node") ? n.get("node").asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void check(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout((int) CHECK.toSeconds());
            st.execute("SELECT 1");
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        if (!storage.username().isEmpty()) {
            p.setProperty("user", storage.username());
        }
        if (!storage.password().isEmpty()) {
            p.setProperty("password", storage.password());
        }
        p.setProperty("connectTimeout", "3");
        p.setProperty("socketTimeout", String.valueOf(CHECK.toSeconds() * 2));
        // A dead server or a cut path must not leave the listener waiting forever for bytes.
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "softswitch-feed-" + node.value());
        return DriverManager.getConnection(storage.url(), p);
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RECONNECT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        store.commitHook(null);
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing to stop the wait; the thread ends either way
            }
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
