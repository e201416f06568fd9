package io.softswitch.core.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A local cluster for tests (issue 17): a PostgreSQL server and a Redis server of the test's own
 * ({@link PrivatePostgres}, {@link RedisServer}, so that a test may stop them), two packaged daemons as separate processes ({@code kill -9} and
 * SIGTERM are real) on {@code 127.0.0.2} and {@code 127.0.0.3} with random ports, sharing
 * provisioning and call records, a SIPp carrier on {@code 127.0.0.1}, and the shipped Kamailio front
 * ({@link Kamailio}) on {@code 127.0.0.1}. PBXs ({@link #pbx()}) call from {@value #PBX_IP}, the
 * only address the trunk {@code pbx} allows: behind the front, that works only when the nodes
 * believe the front's {@code X-Softswitch-Source} header. Its trunk has a concurrency limit far above
 * any test's load, so that every call holds a lease in Redis. A second trunk, {@code limited}, allows
 * {@value #LIMITED_CALLS} concurrent calls from {@value #LIMITED_PBX_IP} across the cluster.
 *
 * <p>Build one with {@link #start()}; {@link #close()} stops everything it started, by PID.
 * Nodes are {@link Node}s: {@code kill()}, {@code terminate()}, {@code start()} again with the same
 * ports and data directory.
 */
public final class ClusterHarness implements AutoCloseable {
    /** Where the test's PBXs call from. */
    public static final String PBX_IP = "127.0.0.4";
    /** Where the PBX of the trunk {@code limited} calls from. */
    public static final String LIMITED_PBX_IP = "127.0.0.6";
    /** The cluster-wide concurrency limit of the trunk {@code limited}. */
    public static final int LIMITED_CALLS = 10;
    /** The nodes' Redis lease: the shipped default (issue 17: a killed node's permits return within it). */
    public static final int LEASE_SECONDS = 10;
    /** Seconds between the front's OPTIONS probes of each node. */
    public static final int PROBE_SECONDS = 1;
    /**
     * How long the front waits for a node's first reply before the next node: more than the shipped
     * 1 s, because a just-started JVM on a loaded shared test machine can take that long to answer.
     */
    public static final int NODE_TIMEOUT_MS = 3000;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path dir;
    private final PrivatePostgres pg;
    private RedisServer redis;
    private final int carrierPort = FreePorts.udpAndTcp();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final String accountSid;
    private final String authToken;
    private Sipp.Running carrier;
    private final List<Node> nodes = new ArrayList<>();
    private Kamailio front;

    private ClusterHarness(Path dir, PrivatePostgres pg) {
        this.dir = dir;
        this.pg = pg;
        byte[] key = new byte[32];
        ThreadLocalRandom.current().nextBytes(key);
        byte[] sid = new byte[16];
        ThreadLocalRandom.current().nextBytes(sid);
        accountSid = "AC" + HexFormat.of().formatHex(sid);
        authToken = HexFormat.of().formatHex(key, 0, 16);
        // Every node hashes and checks API tokens with the same key, and knows the same main account.
        env.put("SOFTSWITCH_TOKEN_KEY", HexFormat.of().formatHex(key));
        env.put("SOFTSWITCH_ACCOUNT_SID", accountSid);
        env.put("SOFTSWITCH_AUTH_TOKEN", authToken);
    }

    /** PostgreSQL, the carrier, nodes {@code a} (127.0.0.2) and {@code b} (127.0.0.3), then the front. */
    public static ClusterHarness start() throws Exception {
        Path dir = Files.createTempDirectory("cluster");
        PrivatePostgres pg = PrivatePostgres.create();
        ClusterHarness h = new ClusterHarness(dir, pg);
        try {
            pg.start();
            h.redis = RedisServer.start();
            // The carrier lives as long as the cluster (Sipp's default run timeout is 30 s).
            h.carrier = Sipp.scenario("uas-answer.xml").localPort(h.carrierPort).calls(1_000_000)
                    .arg("-timeout", "900s").startServer();
            Node a = h.node("a", "127.0.0.2");
            a.start();
            Node b = h.node("b", "127.0.0.3");
            b.start();
            h.front = Kamailio.start(List.of(a.sipUri(), b.sipUri()), PROBE_SECONDS, NODE_TIMEOUT_MS);
            h.awaitActive(a, Duration.ofSeconds(10));
            h.awaitActive(b, Duration.ofSeconds(10));
        } catch (Exception | AssertionError e) {
            h.close();
            throw e;
        }
        return h;
    }

    private Node node(String name, String ip) throws IOException {
        Node n = new Node(name, ip, dir.resolve(name));
        nodes.add(n);
        return n;
    }

    public Node a() {
        return nodes.get(0);
    }

    public Node b() {
        return nodes.get(1);
    }

    public Kamailio front() {
        return front;
    }

    public PrivatePostgres postgres() {
        return pg;
    }

    /** The nodes' Redis (cluster-wide limits), private to this cluster. */
    public RedisServer redis() {
        return redis;
    }

    /** A SIPp PBX scenario ({@code uac-call-front.xml} by default) from {@value #PBX_IP}, to be aimed at {@link #front()}. */
    public Sipp pbx() {
        return Sipp.scenario("uac-call-front.xml").localIp(PBX_IP).arg("-s", "+14155550100");
    }

    /** The main account's API on node {@code n}. */
    public ApiClient api(Node n) {
        return new ApiClient(n.httpPort, accountSid, authToken);
    }

    public String accountSid() {
        return accountSid;
    }

    /** Waits until the front sends calls to {@code n} again (its probe got 200). */
    public void awaitActive(Node n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!front.node(n.ip + ":" + n.sipPort).map(Kamailio.Node::active).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("front never saw node " + n.name + " up: " + front.nodes() + "\n" + front.log());
            }
            Thread.sleep(50); // polled with a deadline: the front's state has no event to await
        }
    }

    /** {@code node, sip_call_id, status} of every call record, read from the shared database. */
    public List<Map<String, Object>> records() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg.url(), "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT node, sip_call_id, status FROM calls ORDER BY seq")) {
            while (rs.next()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("node", rs.getString(1));
                r.put("sip_call_id", rs.getString(2));
                r.put("status", rs.getString(3));
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        if (front != null) {
            front.close();
        }
        for (Node n : nodes) {
            n.close();
        }
        if (carrier != null) {
            carrier.close();
        }
        if (redis != null) {
            redis.close();
        }
        pg.close();
    }

    /** One softswitch node: a packaged daemon process with its own ports and data directory. */
    public final class Node implements AutoCloseable {
        public final String name;
        public final String ip;
        public final int sipPort = FreePorts.udpAndTcp();
        public final int httpPort = FreePorts.udpAndTcp();
        private final Path config;
        private final Path data;
        private DaemonProcess process;

        private Node(String name, String ip, Path home) throws IOException {
            this.name = name;
            this.ip = ip;
            Files.createDirectories(home);
            this.data = home.resolve("data");
            // 2000 relay ports: a node alone at 20 calls/s (its peer killed) with ports in quarantine
            int mediaMin = 10000 + 2 * ThreadLocalRandom.current().nextInt(0, 4000);
            this.config = DaemonProcess.writeConfig(home, """
                    sip:
                      listen:
                        - transport: udp
                          host: %s
                          port: %d
                    http:
                      host: 127.0.0.1
                      port: %d
                    media:
                      bind_address: %s
                      port_min: %d
                      port_max: %d
                    calls:
                      drain_seconds: 20
                      # the shared test machine runs several JVMs at once: shed load only when really behind
                      max_queue_delay_ms: 2000
                    simulator:
                      enabled: false
                    storage:
                      url: "%s"
                      username: postgres
                    redis:
                      url: "%s"
                      # a loaded shared test machine: Redis answers late, not never (the default is 100 ms)
                      command_timeout_ms: 1000
                      lease_seconds: %d
                    cluster:
                      node_id: %s
                      shared_provisioning: true
                      trusted_fronts: [127.0.0.1]
                    provisioning:
                      trunks:
                        - name: pbx
                          ip_acl: [%s/32]
                          concurrent_call_limit: 1000
                        - name: limited
                          ip_acl: [%s/32]
                          concurrent_call_limit: %d
                      carriers:
                        - name: carrier
                          gateways:
                            - sip_url: sip:127.0.0.1:%d
                      routes:
                        - prefix: "+1"
                          carrier: carrier
                    """.formatted(ip, sipPort, httpPort, ip, mediaMin, mediaMin + 1999, pg.url(), redis.url(),
                    LEASE_SECONDS, name, PBX_IP, LIMITED_PBX_IP, LIMITED_CALLS, carrierPort));
        }

        public String sipUri() {
            return "sip:" + ip + ":" + sipPort;
        }

        /** Starts (or restarts) the node and waits until it is ready. */
        public void start() throws IOException, InterruptedException {
            process = DaemonProcess.start(env, "run", "--config", config.toString(), "--data-dir", data.toString());
            // A loaded shared machine starts a JVM slowly: allow more than DaemonProcess's 30 s.
            process.awaitLine(java.util.regex.Pattern.compile("ready in \\d+ ms"), Duration.ofSeconds(90));
            // A few calls straight to the node load the call path's classes before the front sends it any.
            Sipp.scenario("uac-final.xml").localIp(PBX_IP).remoteHost(ip).key("domain", ip).key("max_forwards", "70")
                    .arg("-s", "+14155550100", "-d", "10", "-r", "5").calls(5).runAgainst(sipPort);
        }

        /** {@code kill -9}. */
        public void kill() throws InterruptedException {
            process.kill();
        }

        /** SIGTERM, without waiting. */
        public void signalTerm() {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        }

        public DaemonProcess process() {
            return process;
        }

        /** {@code GET /ready}: the status code, a space, the JSON body. */
        public String ready() throws IOException, InterruptedException {
            HttpResponse<String> r = get("/ready");
            return r.statusCode() + " " + r.body();
        }

        /** {@code GET /metrics} (Prometheus text). */
        public String metrics() throws IOException, InterruptedException {
            return get("/metrics").body();
        }

        /** Whether call records wait in this node's spool ({@code data/cdr-spool.jsonl} or its frozen copy). */
        public boolean spoolPending() throws IOException {
            Path spool = data.resolve("cdr-spool.jsonl");
            Path frozen = data.resolve("cdr-spool.jsonl.replay");
            return Files.exists(frozen) || (Files.exists(spool) && Files.size(spool) > 0);
        }

        private HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            if (process != null) {
                process.close();
            }
        }

        @Override
        public String toString() {
            return name + "@" + ip + ":" + sipPort;
        }
    }
}
