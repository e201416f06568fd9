package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.softswitch.core.security.Tenants.Tenant;
import io.softswitch.core.testing.ApiClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 22: two subaccounts on one switch, driven through the REST API and real SIP (a raw UAC doing
 * SHA-256 digest), one shared surface per test: names, domains, IP ACLs, numbers, carriers, routes,
 * call records, account status. {@code alice} (tenant A) has a digest trunk on
 * {@value #DOMAIN_A} and owns {@value #NUMBER_A}, the caller ID the raw UAC sends; {@code bob}
 * (tenant B, the hostile one) has a digest trunk of his own and an ACL trunk for {@value #PBX_B}
 * that requires owned caller IDs. B tries to read, take, or disturb A's things; A's calls must keep
 * working throughout.
 *
 * <p>Orders 7-9 cover issue 22 findings 1 and 2 (trunks keyed by SID, unique domains not naming the
 * switch, non-overlapping ACLs).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationTest {
    static final String DOMAIN_A = "a.tenants.example.net";
    static final String DOMAIN_B = "b.tenants.example.net";
    static final String NUMBER_A = "+14155550199"; // RawPbx's From
    static final String PBX_B = "127.0.0.62";
    static final RawPbx.Credentials ALICE = new RawPbx.Credentials("alice", "Alice-Pa55word");
    static final RawPbx.Credentials BOB = new RawPbx.Credentials("bob", "Bob-Pa55word12");

    static Tenants env;
    static Tenant a;
    static Tenant b;
    static String trunkA;
    static String trunkB;

    @BeforeAll
    static void start() throws Exception {
        env = new Tenants("calls:\n  drain_seconds: 1\n");
        env.carrier();
        a = env.subaccount("tenant A");
        b = env.subaccount("tenant B");
        trunkA = env.trunkWithDigest(a, DOMAIN_A, ALICE.user(), ALICE.password());
        env.number(a, NUMBER_A, trunkA);
        env.trunkWithDigest(b, DOMAIN_B, BOB.user(), BOB.password());
        trunkB = env.trunkWithAcl(b, PBX_B);
        Tenants.ok(b.api().post("/v1/Trunks/" + trunkB, "CallerIdMustBeOwned", "true"));
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    /** A's PBX places a call on its trunk; it must be answered whatever B did. */
    static void aStillCalls(String dialed) throws Exception {
        try (RawPbx pbx = new RawPbx("127.0.0.61", env.sipPort)) {
            assertThat(pbx.call(DOMAIN_A, dialed, ALICE)).as("A's call to %s", dialed).isEqualTo("200 OK");
        }
        env.daemon.engine().endCalls(a.sid());
    }

    static List<JsonNode> calls(Tenant t) {
        List<JsonNode> out = new ArrayList<>();
        t.api().get(t.acct() + "/Calls.json").json().get("calls").forEach(out::add);
        return out;
    }

    @Test
    @Order(1)
    void resourcesOfAnotherTenantCannotBeSeenChangedOrLinkedBySid() {
        String aCredentialLists = "/2010-04-01/Accounts/" + a.sid() + "/SIP/CredentialLists.json";
        assertThat(b.api().get(aCredentialLists).status()).isEqualTo(404);
        assertThat(b.api().get("/v1/Trunks/" + trunkA).status()).isEqualTo(404);
        assertThat(b.api().post("/v1/Trunks/" + trunkA, "FriendlyName", "mine").status()).isEqualTo(404);
        assertThat(b.api().delete("/v1/Trunks/" + trunkA).status()).isEqualTo(404);
        String aList = a.api().get(aCredentialLists).json().get("credential_lists").get(0).get("sid").asText();
        assertThat(b.api().post("/v1/Trunks/" + trunkB + "/CredentialLists", "CredentialListSid", aList).status())
                .isIn(400, 404);
        assertThat(b.api().get("/v1/Trunks").json().get("trunks")).hasSize(2);
    }

    @Test
    @Order(2)
    void carriersAndRoutesAreTheOperatorsOnly() throws Exception {
        assertThat(b.api().get("/v1/Carriers").status()).isEqualTo(404);
        assertThat(b.api().post("/v1/Carriers", "FriendlyName", "evil").status()).isEqualTo(404);
        assertThat(b.api().get("/v1/Routes").status()).isEqualTo(404);
        assertThat(b.api().post("/v1/Routes", "FriendlyName", "evil", "Prefix", "1", "Action", "block").status())
                .isEqualTo(404);
        aStillCalls("+14155550301");
    }

    @Test
    @Order(3)
    void numbersOfAnotherTenantCanNeitherBeClaimedNorUsedAsCallerId() throws Exception {
        Reply claimA = b.api().post(b.acct() + "/IncomingPhoneNumbers.json", "PhoneNumber", NUMBER_A);
        Reply claimFree = b.api().post(b.acct() + "/IncomingPhoneNumbers.json", "PhoneNumber", "+14155550302");
        assertThat(claimA.status()).isEqualTo(400);
        assertThat(claimA.body().replace(NUMBER_A, "N")).isEqualTo(claimFree.body().replace("+14155550302", "N"));
        // B's trunk requires owned caller IDs: A's number is not B's.
        try (RawPbx pbx = new RawPbx(PBX_B, env.sipPort)) {
            assertThat(pbx.call("127.0.0.1", "+14155550303", null)).isEqualTo("403 Invalid Caller ID");
        }
        // Inbound calls for A's number still reach A's trunk (no origination URL: 404 from A's side only).
        assertThat(env.main.get("/2010-04-01/Accounts/" + a.sid() + "/IncomingPhoneNumbers.json")
                .json().get("incoming_phone_numbers")).singleElement()
                .satisfies(n -> assertThat(n.get("trunk_sid").asText()).isEqualTo(trunkA));
    }

    @Test
    @Order(4)
    void sipCredentialsNeverCrossTrunksAndGuessesLeaveNoRecordWithTheTarget() throws Exception {
        try (RawPbx pbx = new RawPbx(PBX_B, env.sipPort)) {
            // B's own credentials on A's domain, and A's user with a guessed password.
            assertThat(pbx.call(DOMAIN_A, "+14155550304", BOB)).isEqualTo("403 Forbidden");
            assertThat(pbx.call(DOMAIN_A, "+14155550305", new RawPbx.Credentials("alice", "Guess-Pa55word")))
                    .isEqualTo("403 Forbidden");
        }
        aStillCalls("+14155550306");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls(a).stream()
                .anyMatch(c -> c.get("to").asText().equals("+14155550306")));
        assertThat(calls(a)).noneMatch(c -> c.get("to").asText().equals("+14155550304")
                || c.get("to").asText().equals("+14155550305"));
    }

    @Test
    @Order(5)
    void callRecordsOfAnotherTenantCannotBeReadOrDeleted() throws Exception {
        aStillCalls("+14155550307");
        JsonNode call = Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> calls(a).stream()
                .filter(c -> c.get("to").asText().equals("+14155550307")).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
        String sid = call.get("sid").asText();
        String aCall = "/2010-04-01/Accounts/" + a.sid() + "/Calls/" + sid + ".json";
        String viaB = b.acct() + "/Calls/" + sid + ".json";
        assertThat(b.api().get(aCall).status()).isEqualTo(404);
        assertThat(b.api().get(viaB).status()).isEqualTo(404);
        assertThat(b.api().delete(aCall).status()).isEqualTo(404);
        assertThat(b.api().delete(viaB).status()).isEqualTo(404);
        assertThat(b.api().get(b.acct() + "/Calls.csv").body()).doesNotContain(sid);
        assertThat(a.api().get(aCall).status()).isEqualTo(200);
        // A's own delete hides it from A; the operator's export keeps it.
        assertThat(a.api().delete(aCall).status()).isEqualTo(204);
        assertThat(env.main.get("/2010-04-01/Accounts/" + a.sid() + "/Calls.csv").body()).contains(sid);
    }

    @Test
    @Order(6)
    void suspendingOneTenantStopsItsCallsOnlyAndReactivationRestoresThem() throws Exception {
        env.status(b, "suspended");
        try (RawPbx pbxB = new RawPbx("127.0.0.63", env.sipPort)) {
            assertThat(pbxB.call(DOMAIN_B, "+14155550308", BOB)).isEqualTo("403 Forbidden");
        }
        aStillCalls("+14155550309");
        env.status(b, "active");
        try (RawPbx pbxB = new RawPbx("127.0.0.63", env.sipPort)) {
            assertThat(pbxB.call(DOMAIN_B, "+14155550310", BOB)).isEqualTo("200 OK");
        }
        env.daemon.engine().endCalls(b.sid());
    }

    @Test
    @Order(7)
    void aTrunkNamedLikeAnotherTenantsLeavesRoutingIntact() throws Exception {
        String name = a.api().get("/v1/Trunks/" + trunkA).text("friendly_name");
        assertThat(b.api().post("/v1/Trunks", "FriendlyName", name).status()).isEqualTo(201);
        aStillCalls("+14155550311");
        // A later change of A's still takes effect: a revoked credential stops working.
        String list = a.api().get(a.acct() + "/SIP/CredentialLists.json").json().get("credential_lists").get(0)
                .get("sid").asText();
        assertThat(a.api().delete("/v1/Trunks/" + trunkA + "/CredentialLists/" + list).status()).isEqualTo(204);
        try (RawPbx pbx = new RawPbx("127.0.0.61", env.sipPort)) {
            assertThat(pbx.call(DOMAIN_A, "+14155550312", ALICE)).isNotEqualTo("200 OK");
        }
        Tenants.ok(a.api().post("/v1/Trunks/" + trunkA + "/CredentialLists", "CredentialListSid", list));
    }

    @Test
    @Order(8)
    void aDomainTakenByAnotherTenantOrNamingTheSwitchIsRefused() throws Exception {
        for (String domain : new String[] {DOMAIN_A, "127.0.0.1", "localhost"}) {
            Reply r = b.api().post("/v1/Trunks", "FriendlyName", Tenants.unique("x"), "DomainName", domain);
            assertThat(r.status()).as(domain).isEqualTo(400);
            assertThat(r.body()).doesNotContain(a.sid()).doesNotContain(trunkA);
        }
        aStillCalls("+14155550313");
    }

    @Test
    @Order(9)
    void anIpAclOverlappingAnotherTenantsIsRefused() throws Exception {
        Tenant c = env.subaccount("tenant C");
        String tk = Tenants.ok(c.api().post("/v1/Trunks", "FriendlyName", Tenants.unique("c"))).text("sid");
        String acl = Tenants.ipAcl(c.api(), c.sid(), PBX_B); // B's PBX address, /32
        Reply r = c.api().post("/v1/Trunks/" + tk + "/IpAccessControlLists", "IpAccessControlListSid", acl);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).doesNotContain(b.sid()).doesNotContain(trunkB);
        // B's PBX is still B's: its call is B's, not C's.
        try (RawPbx pbx = new RawPbx(PBX_B, env.sipPort)) {
            assertThat(pbx.call("127.0.0.1", "+14155550314", null)).isEqualTo("403 Invalid Caller ID");
        }
        assertThat(calls(c)).isEmpty();
    }
}
