package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.cdr.DeletedCallPurge;
import io.softswitch.core.security.Tenants.Tenant;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, finding 6: a tenant's {@code DELETE} of a call removed the row for everyone, the
 * operator's {@code Calls.csv} included. Now it hides the call from the tenant only; the operator's
 * export keeps it, saying when the tenant deleted it, until the retention purge.
 */
class CallDeletionTest {
    static Tenants env;

    @BeforeAll
    static void start() throws Exception {
        env = new Tenants("tenancy:\n  deleted_call_retention_days: 30\n");
        env.carrier();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void aTenantsDeleteHidesTheCallFromItButTheOperatorKeepsItForTheRetention() throws Exception {
        Tenant t = env.subaccount("deleter");
        env.trunkWithAcl(t, "127.0.0.51");
        try (RawPbx pbx = new RawPbx("127.0.0.51", env.sipPort)) {
            assertThat(pbx.call("127.0.0.1", "+14155550191", null)).isEqualTo("200 OK");
        }
        env.daemon.engine().endCalls(t.sid());
        String calls = t.acct() + "/Calls";
        String sid = Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> t.api().get(calls + ".json").json().get("calls"), c -> c.size() == 1)
                .get(0).get("sid").asText();

        assertThat(t.api().delete(calls + "/" + sid + ".json").status()).isEqualTo(204);
        assertThat(t.api().get(calls + ".json").json().get("calls")).isEmpty();
        assertThat(t.api().get(calls + "/" + sid + ".json").status()).isEqualTo(404);
        assertThat(t.api().get(calls + ".csv").body()).doesNotContain(sid);
        assertThat(t.api().delete(calls + "/" + sid + ".json").status()).as("deleted twice").isEqualTo(404);

        String csv = env.main.get(calls + ".csv").body();
        String header = csv.lines().findFirst().orElseThrow();
        assertThat(header).endsWith(",deleted_at");
        assertThat(csv.lines().filter(l -> l.startsWith(sid + ","))).singleElement()
                .satisfies(row -> assertThat(row.substring(row.lastIndexOf(',') + 1)).matches("\\d{4}-\\d\\d-\\d\\dT.*"));

        // Within the retention the purge keeps it; once the retention is over it is gone.
        var jdbc = env.daemon.provisioning().rows().jdbc();
        assertThat(new DeletedCallPurge(jdbc, Duration.ofDays(30)).purge()).isZero();
        assertThat(env.main.get(calls + ".csv").body()).contains(sid);
        assertThat(new DeletedCallPurge(jdbc, Duration.ZERO).purge()).isEqualTo(1);
        assertThat(env.main.get(calls + ".csv").body()).doesNotContain(sid);
    }

    @Test
    void theOperatorsOwnDeleteRemovesTheRecord() throws Exception {
        Tenant t = env.subaccount("operator deletes");
        env.trunkWithAcl(t, "127.0.0.52");
        try (RawPbx pbx = new RawPbx("127.0.0.52", env.sipPort)) {
            assertThat(pbx.call("127.0.0.1", "+14155550192", null)).isEqualTo("200 OK");
        }
        env.daemon.engine().endCalls(t.sid());
        String calls = t.acct() + "/Calls";
        String sid = Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> env.main.get(calls + ".json").json().get("calls"), c -> c.size() == 1)
                .get(0).get("sid").asText();
        assertThat(env.main.delete(calls + "/" + sid + ".json").status()).isEqualTo(204);
        assertThat(env.main.get(calls + ".csv").body()).doesNotContain(sid);
    }
}
