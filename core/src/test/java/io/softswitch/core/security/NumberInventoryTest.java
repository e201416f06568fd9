package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.security.Tenants.Tenant;
import io.softswitch.core.testing.ApiClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, finding 4: numbers enter through the operator. The probe created any free number as a
 * subaccount (and then passed {@code CallerIdMustBeOwned} with it); now a subaccount takes numbers
 * only from the operator's inventory, and a refusal looks the same whether or not someone else holds
 * the number.
 */
class NumberInventoryTest {
    static Tenants env;

    @BeforeAll
    static void start() throws Exception {
        env = new Tenants("");
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    private static String numbers(String account) {
        return "/2010-04-01/Accounts/" + account + "/IncomingPhoneNumbers";
    }

    @Test
    void subaccountCannotClaimANumberOutsideTheInventoryAndTheRefusalDoesNotRevealTheOwner() {
        Tenant victim = env.subaccount("victim");
        Tenant attacker = env.subaccount("attacker");
        String trunk = env.trunkWithAcl(victim, "127.0.0.31");
        env.number(victim, "+14155550151", trunk);

        Reply taken = attacker.api().post(numbers(attacker.sid()) + ".json", "PhoneNumber", "+14155550151");
        Reply free = attacker.api().post(numbers(attacker.sid()) + ".json", "PhoneNumber", "+14155550152");
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.json().get("code").asInt()).isEqualTo(21422);
        assertThat(taken.body().replace("+14155550151", "N")).isEqualTo(free.body().replace("+14155550152", "N"));
        assertThat(taken.body()).doesNotContain(victim.sid()).doesNotContain("victim");
        assertThat(env.main.get(numbers(victim.sid()) + ".json").json().get("incoming_phone_numbers"))
                .singleElement().satisfies(n -> assertThat(n.get("phone_number").asText()).isEqualTo("+14155550151"));
    }

    @Test
    void subaccountTakesAnInventoryNumberAndReleasingItGivesItBack() {
        Tenant t = env.subaccount("buyer");
        Tenants.ok(env.main.post(numbers(env.mainSid) + ".json", "PhoneNumber", "+14155550161"));
        Reply bought = Tenants.ok(t.api().post(numbers(t.sid()) + ".json", "PhoneNumber", "+14155550161"));
        assertThat(bought.status()).isEqualTo(201);
        assertThat(bought.text("account_sid")).isEqualTo(t.sid());
        assertThat(inventory("+14155550161")).isZero();
        // The second tenant cannot take it twice.
        Tenant other = env.subaccount("second buyer");
        assertThat(other.api().post(numbers(other.sid()) + ".json", "PhoneNumber", "+14155550161").status())
                .isEqualTo(400);

        assertThat(t.api().delete(numbers(t.sid()) + "/" + bought.text("sid") + ".json").status()).isEqualTo(204);
        assertThat(t.api().get(numbers(t.sid()) + ".json").json().get("incoming_phone_numbers")).isEmpty();
        assertThat(inventory("+14155550161")).isEqualTo(1);
        Tenants.ok(other.api().post(numbers(other.sid()) + ".json", "PhoneNumber", "+14155550161"));
    }

    @Test
    void theOperatorMovesANumberWithAccountSidAndATenantCannot() {
        Tenant a = env.subaccount("from");
        Tenant b = env.subaccount("to");
        String trunk = env.trunkWithAcl(a, "127.0.0.32");
        String pn = env.number(a, "+14155550171", trunk);

        Reply refused = a.api().post(numbers(a.sid()) + "/" + pn + ".json", "AccountSid", b.sid());
        assertThat(refused.status()).isEqualTo(403);

        Reply moved = Tenants.ok(env.main.post(numbers(a.sid()) + "/" + pn + ".json", "AccountSid", b.sid()));
        assertThat(moved.text("account_sid")).isEqualTo(b.sid());
        assertThat(moved.json().get("trunk_sid").isNull()).as("a's trunk is not b's").isTrue();
        assertThat(a.api().get(numbers(a.sid()) + "/" + pn + ".json").status()).isEqualTo(404);
        assertThat(b.api().get(numbers(b.sid()) + "/" + pn + ".json").status()).isEqualTo(200);
    }

    private static long inventory(String number) {
        return env.main.get(numbers(env.mainSid) + ".json?PhoneNumber=" + number.replace("+", "%2B")).json()
                .get("incoming_phone_numbers").size();
    }

    @Test
    void aNumberTheProvisioningFilePutInTheInventoryStaysWithTheTenantThatTookItAcrossRestarts() throws Exception {
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("inventory").resolve("data");
        String yaml = "provisioning:\n  numbers:\n    - number: \"+14155550177\"\n";
        String tenant;
        try (Tenants first = new Tenants(yaml, data)) {
            Tenant t = first.subaccount("taker");
            tenant = t.sid();
            Tenants.ok(t.api().post(numbers(t.sid()) + ".json", "PhoneNumber", "+14155550177"));
        }
        try (Tenants again = new Tenants(yaml, data)) {
            assertThat(again.main.get(numbers(tenant) + ".json").json().get("incoming_phone_numbers"))
                    .singleElement().satisfies(n -> assertThat(n.get("phone_number").asText()).isEqualTo("+14155550177"));
        }
    }
}
