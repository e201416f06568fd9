package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.security.Tenants.Tenant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, finding 3, driven the way the probe did: the operator suspends or closes a subaccount
 * through the API, then its PBX (a raw UAC inside its trunk's IP ACL) calls out and the carrier
 * ({@link Tenants#CARRIER_IP}) calls its number. Before the fix both still went through.
 */
class AccountStatusTest {
    private static final String OK = "200 OK";
    private static final String FORBIDDEN = "403 Forbidden";
    static Tenants env;

    @BeforeAll
    static void start() throws Exception {
        env = new Tenants("calls:\n  drain_seconds: 1\n");
        env.carrier();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void suspendedAccountNeitherPlacesNorReceivesCallsUntilReactivated() throws Exception {
        Tenant t = env.subaccount("suspended tenant");
        String trunk = env.trunkWithAcl(t, "127.0.0.21");
        try (CountingCarrier pbxInbound = new CountingCarrier();
                RawPbx pbx = new RawPbx("127.0.0.21", env.sipPort);
                RawPbx carrier = new RawPbx(Tenants.CARRIER_IP, env.sipPort)) {
            env.originationUrl(t, trunk, pbxInbound.port());
            env.number(t, "+14155550121", trunk);
            // Active: the PBX's call is answered (then hung up), the carrier's call reaches the PBX (486).
            assertThat(pbx.call("127.0.0.1", "+14155550131", null)).isEqualTo(OK);
            endCallsOf(t);
            assertThat(carrier.call("127.0.0.1", "+14155550121", null)).isEqualTo("486 Busy Here");

            env.status(t, "suspended");
            assertThat(pbx.call("127.0.0.1", "+14155550132", null)).isEqualTo(FORBIDDEN);
            assertThat(carrier.call("127.0.0.1", "+14155550121", null)).isEqualTo(FORBIDDEN);
            assertThat(pbxInbound.invitesFor("+14155550121")).as("INVITEs the suspended tenant's PBX got").isEqualTo(1);
            assertThat(t.api().get(t.acct() + ".json").status()).as("its API").isEqualTo(401);

            env.status(t, "active");
            assertThat(pbx.call("127.0.0.1", "+14155550133", null)).isEqualTo(OK);
            endCallsOf(t);
            assertThat(carrier.call("127.0.0.1", "+14155550121", null)).isEqualTo("486 Busy Here");
        }
    }

    @Test
    void callsInProgressAtSuspensionEndAfterTheDrainTime() throws Exception {
        Tenant t = env.subaccount("drained tenant");
        env.trunkWithAcl(t, "127.0.0.22");
        try (RawPbx pbx = new RawPbx("127.0.0.22", env.sipPort)) {
            assertThat(pbx.call("127.0.0.1", "+14155550141", null)).isEqualTo(OK);
            assertThat(env.daemon.engine().activeCalls(t.sid())).isEqualTo(1);
            long suspended = System.nanoTime();
            env.status(t, "suspended");
            // calls.drain_seconds is 1: the call may go on for 1 s, then both legs get BYE.
            Awaitility.await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(20))
                    .until(() -> env.daemon.engine().activeCalls(t.sid()) == 0);
            assertThat(Duration.ofNanos(System.nanoTime() - suspended)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        Map<String, Object> record = Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> records(t), l -> !l.isEmpty()).get(0);
        assertThat(record).containsEntry("status", "completed").containsEntry("hangup_by", "system");
    }

    @Test
    void closedAccountsTrunksAndNumbersAreNoLongerRoutableAndItsNumbersReturnToTheInventory() throws Exception {
        Tenant t = env.subaccount("closed tenant");
        String trunk = env.trunkWithAcl(t, "127.0.0.23");
        try (CountingCarrier pbxInbound = new CountingCarrier();
                RawPbx pbx = new RawPbx("127.0.0.23", env.sipPort);
                RawPbx carrier = new RawPbx(Tenants.CARRIER_IP, env.sipPort)) {
            env.originationUrl(t, trunk, pbxInbound.port());
            env.number(t, "+14155550124", trunk);
            assertThat(carrier.call("127.0.0.1", "+14155550124", null)).isEqualTo("486 Busy Here");

            env.status(t, "closed");
            // Its trunk identifies nobody any more: the PBX gets what any stranger gets.
            assertThat(pbx.call("127.0.0.1", "+14155550134", null)).isEqualTo("407 Proxy Authentication Required");
            // Its number is the operator's again, on no trunk: inbound calls find no PBX.
            assertThat(carrier.call("127.0.0.1", "+14155550124", null)).isEqualTo("404 Not Found");
            assertThat(pbxInbound.invitesFor("+14155550124")).isEqualTo(1);
            assertThat(env.main.get("/2010-04-01/Accounts/" + env.mainSid
                    + "/IncomingPhoneNumbers.json?PhoneNumber=%2B14155550124").json().get("incoming_phone_numbers"))
                    .singleElement().satisfies(n -> assertThat(n.get("trunk_sid").isNull()).isTrue());
            assertThat(env.main.post("/2010-04-01/Accounts/" + t.sid() + ".json", "Status", "active").status())
                    .as("a closed account stays closed").isEqualTo(400);
        }
        // Another tenant can take the number from the inventory.
        Tenant next = env.subaccount("next tenant");
        String nextTrunk = env.trunkWithAcl(next, "127.0.0.24");
        Tenants.ok(next.api().post(next.acct() + "/IncomingPhoneNumbers.json", "PhoneNumber", "+14155550124",
                "TrunkSid", nextTrunk));
    }

    private static void endCallsOf(Tenant t) {
        env.daemon.engine().endCalls(t.sid());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> env.daemon.engine().activeCalls(t.sid()) == 0);
    }

    private static List<Map<String, Object>> records(Tenant t) {
        return env.daemon.provisioning().rows().select("SELECT * FROM calls WHERE account_sid = ? AND status = ?",
                t.sid(), "completed");
    }
}
