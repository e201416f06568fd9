package io.softswitch.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.ClusterHarness;
import io.softswitch.core.testing.Kamailio;
import io.softswitch.core.testing.Sipp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes behind the shipped Kamailio front, on one PostgreSQL and one Redis (issue 17), driven
 * by SIPp PBXs: calls spread over both nodes (records, the Calls resource, SDP, metrics and logs name
 * the node), a change through node A routes on node B within a second, a Redis outage leaves calls
 * flowing on local shares and cluster limits come back with Redis, a SIGTERM of A loses no call, a
 * {@code kill -9} of B under load costs only B's calls in progress and its leases return within
 * one lease, and records spool on both nodes while PostgreSQL is down and replay once.
 *
 * <p>Why one class of this size: one cluster serves the scenarios in order (starting one takes
 * tens of seconds of the suite's time on a loaded machine); each leaves it whole for the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private ClusterHarness cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = ClusterHarness.start();
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void callsSpreadOverBothNodesAndEveryRecordNamesItsNode() throws Exception {
        int before = awaitStable();
        Sipp.Result pbx = cluster.pbx().arg("-r", "10", "-d", "100").calls(20).runAgainst(cluster.front().port());

        assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
        Set<String> contacts = pbx.logged("NODE").stream().map(l -> l.split(" ")[0]).collect(Collectors.toSet());
        assertThat(contacts).as("the nodes that answered (Contact of each 200)")
                .anyMatch(c -> c.contains(cluster.a().ip)).anyMatch(c -> c.contains(cluster.b().ip));
        List<Map<String, Object>> records = awaitRecords(before + 20).subList(before, before + 20);
        assertThat(records).extracting(r -> r.get("node")).containsOnly("a", "b").contains("a", "b");
        assertThat(records).extracting(r -> r.get("status")).containsOnly("completed");
        assertThat(new HashSet<>(records.stream().map(r -> r.get("sip_call_id")).toList()))
                .as("the PBX's Call-IDs, once each").isEqualTo(callIds(pbx));
        // Each node relays its own calls: the answer's SDP names the media address of the node that answered.
        List<Sipp.Message> answers = pbx.messages().stream().filter(m -> m.received() && m.status() == 200
                && m.header("CSeq").orElse("").endsWith("INVITE")).toList();
        assertThat(answers).hasSizeGreaterThanOrEqualTo(20);
        for (Sipp.Message ok : answers) {
            String contact = ok.header("Contact").orElseThrow();
            String node = contact.contains(cluster.a().ip + ":") ? cluster.a().ip : cluster.b().ip;
            assertThat(ok.body()).as("SDP of the 200 from %s", contact)
                    .containsPattern("(?m)^c=IN IP4 " + Pattern.quote(node) + "\\s*$")
                    .doesNotContain("c=IN IP4 " + (node.equals(cluster.a().ip) ? cluster.b().ip : cluster.a().ip));
        }
        // The Calls resource, read through either node, names the node that answered each call.
        Map<String, String> answeredBy = pbx.logged("NODE").stream().map(l -> l.split(" "))
                .collect(Collectors.toMap(w -> w[1], w -> w[0].contains(cluster.a().ip + ":") ? "a" : "b"));
        JsonNode listed = cluster.api(cluster.b()).get("/2010-04-01/Accounts/" + cluster.accountSid()
                + "/Calls.json?PageSize=200").json().get("calls");
        Map<String, String> nodeOf = new HashMap<>();
        listed.forEach(c -> nodeOf.put(c.get("sip_call_id").asText(), c.get("node").asText()));
        assertThat(answeredBy).hasSize(20);
        answeredBy.forEach((callId, node) -> assertThat(nodeOf.get(callId)).as("node of %s", callId).isEqualTo(node));
        // Metrics and logs say which node they come from.
        for (ClusterHarness.Node n : List.of(cluster.a(), cluster.b())) {
            assertThat(n.metrics().lines().filter(l -> l.startsWith("calls_total{")))
                    .as("node %s's call counters", n.name).isNotEmpty()
                    .allMatch(l -> l.contains("node=\"" + n.name + "\""));
            assertThat(n.process().output()).as("node %s's log lines", n.name)
                    .containsPattern("(?m)^\\S+ INFO +" + n.name + " \\[");
        }
    }

    @Test
    @Order(2)
    void trunkCreatedThroughNodeARoutesOnNodeBWithinOneSecond() throws Exception {
        String otherPbx = "127.0.0.5";
        Sipp probe = Sipp.scenario("uac-final.xml").localIp(otherPbx).remoteHost(cluster.b().ip)
                .key("domain", cluster.b().ip).key("max_forwards", "70").arg("-s", "+14155550100", "-d", "10");
        assertThat(probe.runAgainst(cluster.b().sipPort).logged("FINAL")).as("before: no trunk for " + otherPbx)
                .noneMatch(f -> f.startsWith("200"));

        ApiClient api = cluster.api(cluster.a());
        String acct = "/2010-04-01/Accounts/" + cluster.accountSid();
        String acl = api.post(acct + "/SIP/IpAccessControlLists.json", "FriendlyName", "late").text("sid");
        api.post(acct + "/SIP/IpAccessControlLists/" + acl + "/IpAddresses.json", "FriendlyName", "late",
                "IpAddress", otherPbx);
        String trunk = api.post("/v1/Trunks", "FriendlyName", "late").text("sid");
        ApiClient.Reply linked = api.post("/v1/Trunks/" + trunk + "/IpAccessControlLists", "IpAccessControlListSid", acl);
        long answered = System.currentTimeMillis();
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);

        // When node B's routing swapped in the change: its feed logs that line after the swap.
        Matcher applied = cluster.b().process().awaitLine(Pattern.compile("^(\\S+) .*routing follows .*"
                + Pattern.quote(trunk) + "[^ ]*" + Pattern.quote(acl) + "|^(\\S+) .*routing follows .*"
                + Pattern.quote(acl) + "[^ ]*" + Pattern.quote(trunk)), Duration.ofSeconds(5));
        String stamp = applied.group(1) != null ? applied.group(1) : applied.group(2);
        long swapMs = OffsetDateTime.parse(stamp).toInstant().toEpochMilli() - answered;

        long routed;
        while (true) {
            List<String> finals = probe.runAgainst(cluster.b().sipPort).logged("FINAL");
            if (finals.stream().anyMatch(f -> f.startsWith("200"))) {
                routed = System.currentTimeMillis();
                break;
            }
            assertThat(System.currentTimeMillis() - answered).as("node B still refuses: " + finals)
                    .isLessThan(5000);
        }
        System.out.printf("provisioning propagation: trunk linked through node A's API; node B's routing had it %d ms"
                + " after A answered; a SIPp call through B answered %d ms after (includes starting SIPp)%n", swapMs,
                routed - answered);
        assertThat(swapMs).isLessThan(1000);
    }

    @Test
    @Order(3)
    void onlyTheFrontMayNameThePbxSource() throws Exception {
        // 127.0.0.7 is on no trunk; 127.0.0.4 is the PBX of the trunk "pbx".
        String stranger = "127.0.0.7";
        String claimed = ClusterHarness.PBX_IP + ":5060";
        ClusterHarness.Node a = cluster.a();
        Sipp direct = Sipp.scenario("uac-final-source.xml").localIp(stranger).remoteHost(a.ip).key("domain", a.ip)
                .key("max_forwards", "70").key("claimed", claimed).arg("-s", "+14155550100");
        // A stranger gets the decoy challenge every unknown source gets; believed, the header would let it in (200).
        assertThat(direct.runAgainst(a.sipPort).logged("FINAL")).as("the header straight from a stranger")
                .singleElement().asString().startsWith("407 ");
        Sipp viaFront = Sipp.scenario("uac-final-source.xml").localIp(stranger).key("domain", "127.0.0.1")
                .key("max_forwards", "70").key("claimed", claimed).arg("-s", "+14155550100");
        assertThat(viaFront.runAgainst(cluster.front().port()).logged("FINAL"))
                .as("the front puts the stranger's own address in the header").singleElement().asString()
                .startsWith("407 ");
    }

    @Test
    @Order(4)
    void withRedisStoppedCallsGoOnUnderLocalSharesAndClusterLimitsResumeWhenItReturns() throws Exception {
        List<ClusterHarness.Node> nodes = List.of(cluster.a(), cluster.b());
        for (ClusterHarness.Node n : nodes) {
            awaitReady(n, "\"redis\":\"up\"");
        }
        String limited = leasesKey("limited");
        int before = awaitStable();
        // Calls through the front all along: before, during and after the outage.
        try (Sipp.Running pbx = cluster.pbx().arg("-r", "10", "-d", "100").calls(100)
                .startAgainst(cluster.front().port())) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.records().size() > before);
            long stopped = System.nanoTime();
            cluster.redis().stop();
            for (ClusterHarness.Node n : nodes) {
                awaitReady(n, "\"redis\":\"degraded\"");
                assertThat(gauge(n, "cluster_limits_mode", "mode=\"local\"")).as("node %s", n.name).isEqualTo(1.0);
                assertThat(n.process().output()).contains("cluster limits fall back to this node's share");
            }
            System.out.printf("redis outage: both nodes on local shares %d ms after Redis stopped%n",
                    Duration.ofNanos(System.nanoTime() - stopped).toMillis());

            // Local shares: 10 / 2 live nodes = 5 per node, whatever the other node holds.
            Sipp.Running toA = limitedPbx(cluster.a(), 8, 5000);
            Sipp.Running toB = limitedPbx(cluster.b(), 8, 5000);
            List<String> atA = toA.await().logged("FINAL");
            List<String> atB = toB.await().logged("FINAL");
            for (List<String> finals : List.of(atA, atB)) {
                assertThat(finals).as("a node's share of the limit while Redis is down").hasSize(8)
                        .filteredOn("200 OK"::equals).hasSize(5);
                assertThat(finals).filteredOn(CONCURRENCY_EXCEEDED::equals).hasSize(3);
            }

            long restarted = System.nanoTime();
            cluster.redis().restart(); // empty, as after a failover without persistence
            for (ClusterHarness.Node n : nodes) {
                awaitReady(n, "\"redis\":\"up\"");
                assertThat(gauge(n, "cluster_limits_mode", "mode=\"redis\"")).as("node %s", n.name).isEqualTo(1.0);
            }
            System.out.printf("redis outage: both nodes back on cluster-wide limits %d ms after Redis restarted%n",
                    Duration.ofNanos(System.nanoTime() - restarted).toMillis());

            // Cluster-wide again: node A alone takes more than its share, and the 10 hold across both nodes.
            toA = limitedPbx(cluster.a(), 12, 5000);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.redis().integer("ZCARD", limited) == 10);
            List<String> refusedAtB = limitedPbx(cluster.b(), 3, 0).await().logged("FINAL");
            assertThat(refusedAtB).as("node B while A holds the trunk's 10").hasSize(3).containsOnly(CONCURRENCY_EXCEEDED);
            atA = toA.await().logged("FINAL");
            assertThat(atA).hasSize(12).filteredOn("200 OK"::equals).hasSize(10);
            assertThat(atA).filteredOn(CONCURRENCY_EXCEEDED::equals).hasSize(2);

            Sipp.Result saw = pbx.await();
            assertThat(saw.allCallsSucceeded()).as("calls through the front, Redis down and back: " + saw).isTrue();
        }
    }

    @Test
    @Order(5)
    void sigtermDrainOfNodeALosesNoCall() throws Exception {
        ClusterHarness.Node a = cluster.a();
        int before = awaitStable();
        // 10 calls/s held 2 s: about 10 calls are up on A when it is told to stop.
        try (Sipp.Running pbx = cluster.pbx().arg("-r", "10", "-d", "2000").calls(60)
                .startAgainst(cluster.front().port())) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cluster.records().size() > before);
            long term = System.nanoTime();
            a.signalTerm();
            // Its calls still up, A tells the load balancers: /ready 503 "draining", OPTIONS 503 (the front).
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(a::ready, r -> r.startsWith("503 ") && r.contains("\"status\":\"draining\""));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !active(cluster.front(), a));
            System.out.printf("drain: the front saw node a draining %d ms after SIGTERM%n",
                    Duration.ofNanos(System.nanoTime() - term).toMillis());
            Sipp.Result saw = pbx.await();
            assertThat(saw.allCallsSucceeded()).as("every call, the ones on A included: " + saw).isTrue();
            assertThat(a.process().terminate(Duration.ofSeconds(30))).as(a.process().output()).contains(0);
            List<Map<String, Object>> records = awaitRecords(before + 60).subList(before, before + 60);
            assertThat(records).extracting(r -> r.get("status")).containsOnly("completed");
            assertThat(records).extracting(r -> r.get("node")).contains("a", "b");
            assertThat(a.process().output()).as("no call cut by the drain timeout").doesNotContain("still up after");
        }
        a.start();
        cluster.awaitActive(a, Duration.ofSeconds(10));
    }

    @Test
    @Order(6)
    void killOfNodeBUnderLoadCostsOnlyItsCallsInProgress() throws Exception {
        ClusterHarness.Node b = cluster.b();
        int before = awaitStable();
        int rate = 20;
        int calls = 8 * rate;
        String limited = leasesKey("limited");
        Sipp.Result saw;
        Sipp.Result afterLease;
        long detectedMs;
        long returnedMs;
        // 4 of the trunk "limited"'s 10 permits held by calls on B: they die with B, and so must its leases.
        try (Sipp.Running heldOnB = limitedPbx(b, 4, 60_000);
                Sipp.Running pbx = cluster.pbx().arg("-r", "" + rate, "-d", "200").calls(calls)
                .startAgainst(cluster.front().port())) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> cluster.records().stream().skip(before)
                    .filter(r -> "b".equals(r.get("node"))).count() > 5 && liveLeases(limited, "b/") == 4);
            long killed = System.nanoTime();
            b.kill();
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !active(cluster.front(), b));
            detectedMs = Duration.ofNanos(System.nanoTime() - killed).toMillis();
            Awaitility.await().atMost(Duration.ofSeconds(ClusterHarness.LEASE_SECONDS + 5))
                    .pollInterval(Duration.ofMillis(100)).until(() -> liveLeases(limited, "b/") == 0);
            returnedMs = Duration.ofNanos(System.nanoTime() - killed).toMillis();
            // The trunk's 10 are whole again: A takes them all.
            afterLease = limitedPbx(cluster.a(), 10, 500).await();
            saw = pbx.await();
        }
        assertThat(afterLease.logged("FINAL")).as("the limited trunk once B's leases ran out: " + afterLease)
                .hasSize(10).containsOnly("200 OK");
        Set<String> sent = callIds(saw);
        Set<String> done = completed(saw);
        Set<String> failed = new HashSet<>(sent);
        failed.removeAll(done);
        awaitStable();
        List<Map<String, Object>> all = cluster.records();
        List<Map<String, Object>> records = all.subList(before, all.size());
        System.out.printf("kill -9 of node b under %d calls/s: the front marked it down after %d ms (probe every %d s);"
                + " its Redis leases ran out after %d ms (lease %d s); %d of %d calls failed (B's calls in progress),"
                + " %d records%n", rate, detectedMs, ClusterHarness.PROBE_SECONDS, returnedMs,
                ClusterHarness.LEASE_SECONDS, failed.size(), sent.size(), records.size());
        assertThat(detectedMs).as("front stops sending to B within its probe interval and the probe's timeout")
                .isLessThan(ClusterHarness.PROBE_SECONDS * 1000L + ClusterHarness.NODE_TIMEOUT_MS + 1500);
        assertThat(returnedMs).as("B's permits return within one lease, no operator")
                .isLessThanOrEqualTo(ClusterHarness.LEASE_SECONDS * 1000L + 1000);
        List<String> ids = records.stream().map(r -> (String) r.get("sip_call_id")).toList();
        assertThat(new HashSet<>(ids)).as("no duplicate record").hasSize(ids.size());
        Set<String> offered = new HashSet<>(sent);
        offered.addAll(callIds(afterLease));
        assertThat(offered).as("no phantom record (the calls held on B died with it: no record)").containsAll(ids);
        assertThat(records).filteredOn(r -> "a".equals(r.get("node"))).extracting(r -> r.get("status"))
                .as("calls to A never fail").containsOnly("completed");
        assertThat(records).filteredOn(r -> failed.contains(r.get("sip_call_id")))
                .as("a call that failed at the PBX has no record on A").isEmpty();
        assertThat(failed.size()).as("only B's calls in progress fail").isLessThanOrEqualTo(rate / 2);

        b.start();
        cluster.awaitActive(b, Duration.ofSeconds(10));
        Sipp.Result after = cluster.pbx().arg("-r", "10", "-d", "50").calls(10).runAgainst(cluster.front().port());
        assertThat(after.allCallsSucceeded()).as(after.toString()).isTrue();
        assertThat(after.logged("NODE")).as("B takes calls again").anyMatch(l -> l.contains(b.ip));
    }

    @Test
    @Order(7)
    void recordsSpoolOnBothNodesWhilePostgresIsDownAndReplayOnce() throws Exception {
        int before = awaitStable();
        cluster.postgres().stop();
        Sipp.Result saw;
        try {
            saw = cluster.pbx().arg("-r", "10", "-d", "50").calls(20).runAgainst(cluster.front().port());
            // The database stays down until both nodes gave up on it (their pool waits 3 s for a
            // connection) and spooled: a shorter outage is ridden out by the pool, not the spool.
            for (ClusterHarness.Node n : List.of(cluster.a(), cluster.b())) {
                n.process().awaitLine(Pattern.compile("cdr insert failed, spooling"), Duration.ofSeconds(30));
            }
        } finally {
            cluster.postgres().start();
        }
        assertThat(saw.allCallsSucceeded()).as("calls go on without the database: " + saw).isTrue();
        // Both spools replayed and gone: nothing is left to write twice.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !cluster.a().spoolPending() && !cluster.b().spoolPending());
        List<Map<String, Object>> records = awaitRecords(before + 20);
        List<Map<String, Object>> spooled = records.subList(before, records.size());
        assertThat(spooled).hasSize(20);
        assertThat(spooled).extracting(r -> r.get("node")).contains("a", "b");
        for (ClusterHarness.Node n : List.of(cluster.a(), cluster.b())) {
            assertThat(n.process().output()).as("node %s replayed its spool", n.name).contains("cdr spool replayed");
        }
        assertThat(new HashSet<>(spooled.stream().map(r -> r.get("sip_call_id")).toList()))
                .isEqualTo(callIds(saw));
    }

    /** Waits until {@code n}'s {@code /ready} answers 200 with {@code part} in its JSON. */
    private static void awaitReady(ClusterHarness.Node n, String part) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(n::ready, r -> r.startsWith("200 ") && r.contains(part));
    }

    /** The value of the series {@code name{...label...}} in {@code n}'s metrics. */
    private static double gauge(ClusterHarness.Node n, String name, String label) throws Exception {
        return n.metrics().lines().filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " with " + label));
    }

    /** The Redis key of trunk {@code name}'s concurrency leases ({@code softswitch:{trunk:SID}:calls}). */
    private String leasesKey(String name) {
        JsonNode trunks = cluster.api(cluster.a()).get("/v1/Trunks?PageSize=100").json().get("trunks");
        for (JsonNode t : trunks) {
            if (name.equals(t.get("friendly_name").asText())) {
                return "softswitch:{trunk:" + t.get("sid").asText() + "}:calls";
            }
        }
        throw new AssertionError("no trunk " + name + ": " + trunks);
    }

    /** Leases in {@code key} whose owner starts with {@code owner} and whose end is still ahead (Redis TIME). */
    private long liveLeases(String key, String owner) throws Exception {
        return cluster.redis().integer("EVAL", LIVE_LEASES, "1", key, owner);
    }

    private static final String LIVE_LEASES = "local t = redis.call('TIME') "
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) local n = 0 "
            + "for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')) do "
            + "if string.sub(m, 1, #ARGV[1]) == ARGV[1] then n = n + 1 end end return n";

    private static final String CONCURRENCY_EXCEEDED = "503 Trunk concurrent call limit exceeded";

    /** {@code calls} from the trunk {@code limited}'s PBX straight to node {@code n}, 50/s, each held {@code holdMs}. */
    private static Sipp.Running limitedPbx(ClusterHarness.Node n, int calls, int holdMs) throws Exception {
        return Sipp.scenario("uac-final.xml").localIp(ClusterHarness.LIMITED_PBX_IP).remoteHost(n.ip)
                .key("domain", n.ip).key("max_forwards", "70").calls(calls)
                .arg("-s", "+14155550100", "-r", "50", "-l", Integer.toString(calls), "-d", Integer.toString(holdMs),
                        "-timeout", (holdMs / 1000 + 30) + "s")
                .startAgainst(n.sipPort);
    }

    /** The record count once it stops moving (earlier scenarios' last records are written). */
    private int awaitStable() throws Exception {
        int[] last = {-1};
        return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    int n = cluster.records().size();
                    boolean same = n == last[0];
                    last[0] = n;
                    return same ? n : -1;
                }, n -> n >= 0);
    }

    /** Every Call-ID the PBX sent an INVITE with. */
    private static Set<String> callIds(Sipp.Result pbx) {
        return pbx.messages().stream().filter(m -> !m.received() && "INVITE".equals(m.method()))
                .map(m -> m.header("Call-ID").orElseThrow()).collect(Collectors.toSet());
    }

    /** The Call-IDs of the calls the PBX completed (its BYE got 200). */
    private static Set<String> completed(Sipp.Result pbx) {
        return pbx.messages().stream()
                .filter(m -> m.received() && m.status() == 200 && m.header("CSeq").orElse("").endsWith("BYE"))
                .map(m -> m.header("Call-ID").orElseThrow()).collect(Collectors.toSet());
    }

    private List<Map<String, Object>> awaitRecords(int n) {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).until(cluster::records, l -> l.size() >= n);
    }

    private static boolean active(Kamailio front, ClusterHarness.Node n) throws Exception {
        return front.node(n.ip + ":" + n.sipPort).map(Kamailio.Node::active).orElse(false);
    }
}
