package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.softswitch.core.security.Tenants.Tenant;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, finding 7: a stranger guessing a tenant's SIP password wrote a {@code failed} call into
 * that tenant's Calls list for every guess. Guesses are not the tenant's calls: no record, counted in
 * {@code calls_auth_failures_total} and written to the security log. The tenant's own calls are
 * still recorded (the control).
 */
class StrangerAuthFailureTest {
    static Tenants env;

    @BeforeAll
    static void start() throws Exception {
        env = new Tenants("");
        env.carrier();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void wrongPasswordsOnATenantsTrunkLeaveNoRecordInItsCallList() throws Exception {
        Tenant t = env.subaccount("guessed");
        env.trunkWithDigest(t, "guessed.pbx.example.net", "alice", "Right-Pa55word");
        for (String source : new String[] {"127.0.0.41", "127.0.0.42", "127.0.0.43"}) {
            try (RawPbx stranger = new RawPbx(source, env.sipPort)) {
                assertThat(stranger.call("guessed.pbx.example.net", "+14155550181",
                        new RawPbx.Credentials("alice", "Wrong-Pa55word"))).isEqualTo("403 Forbidden");
            }
        }
        // A made-up domain: the uniform answer, and no record in anyone's list either.
        try (RawPbx stranger = new RawPbx("127.0.0.44", env.sipPort)) {
            assertThat(stranger.call("nobody.example.net", "+14155550182",
                    new RawPbx.Credentials("alice", "Wrong-Pa55word"))).isEqualTo("403 Forbidden");
        }
        // The control: the tenant's own call is recorded.
        try (RawPbx pbx = new RawPbx("127.0.0.45", env.sipPort)) {
            assertThat(pbx.call("guessed.pbx.example.net", "+14155550183",
                    new RawPbx.Credentials("alice", "Right-Pa55word"))).isEqualTo("200 OK");
        }
        env.daemon.engine().endCalls(t.sid());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !calls(t).isEmpty());
        assertThat(calls(t)).singleElement().satisfies(c -> assertThat(c.get("to").asText()).isEqualTo("+14155550183"));
        assertThat(calls(env.mainSid, env.main)).isEmpty();
        assertThat(counter("known")).isEqualTo(3);
        assertThat(counter("unknown")).isEqualTo(1);
    }

    private static java.util.List<com.fasterxml.jackson.databind.JsonNode> calls(Tenant t) {
        return calls(t.sid(), t.api());
    }

    private static java.util.List<com.fasterxml.jackson.databind.JsonNode> calls(String account,
            io.softswitch.core.testing.ApiClient api) {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
        api.get("/2010-04-01/Accounts/" + account + "/Calls.json").json().get("calls").forEach(out::add);
        return out;
    }

    private static double counter(String trunk) {
        Counter c = env.daemon.metrics().registry().find("calls.auth.failures").tag("trunk", trunk).counter();
        return c == null ? 0 : c.count();
    }
}
