package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.StorageConfig;
import io.softswitch.core.security.Tenants.Tenant;
import io.softswitch.core.store.AuthTokens;
import io.softswitch.core.store.Bootstrap;
import io.softswitch.core.store.Store;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.ApiClient.Reply;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22, finding 7: auth token rotation the Twilio way (a secondary token, then promote), and a
 * {@code SOFTSWITCH_AUTH_TOKEN} changed after the first start is applied (or, for the account SID,
 * refused) instead of being silently ignored.
 */
class AuthTokenTest {
    private static final String SID = "AC" + "cd".repeat(16);

    @TempDir
    Path tmp;

    @Test
    void aSecondaryTokenWorksBesideThePrimaryAndPromotingItRetiresTheOldOne() throws Exception {
        try (Tenants env = new Tenants("")) {
            Tenant t = env.subaccount("rotating");
            String self = t.acct() + ".json";
            Reply secondary = t.api().post("/v1/AuthTokens/Secondary");
            assertThat(secondary.status()).isEqualTo(201);
            assertThat(secondary.text("account_sid")).isEqualTo(t.sid());
            String next = secondary.text("secondary_auth_token");
            ApiClient withNext = t.api().as(t.sid(), next);
            assertThat(t.api().get(self).status()).isEqualTo(200);
            assertThat(withNext.get(self).status()).isEqualTo(200);

            Reply promoted = withNext.post("/v1/AuthTokens/Promote");
            assertThat(promoted.status()).isEqualTo(200);
            assertThat(t.api().get(self).status()).as("the old primary").isEqualTo(401);
            assertThat(withNext.get(self).status()).isEqualTo(200);
            assertThat(withNext.post("/v1/AuthTokens/Promote").status()).as("nothing left to promote").isEqualTo(404);

            // A secondary can also be dropped; it then stops working.
            String spare = withNext.post("/v1/AuthTokens/Secondary").text("secondary_auth_token");
            assertThat(withNext.delete("/v1/AuthTokens/Secondary").status()).isEqualTo(204);
            assertThat(t.api().as(t.sid(), spare).get(self).status()).isEqualTo(401);
            // Rotation is per account: the operator's token is untouched.
            assertThat(env.main.get("/2010-04-01/Accounts.json").status()).isEqualTo(200);
        }
    }

    @Test
    void aChangedAuthTokenInTheEnvironmentIsAppliedAtTheNextStart() {
        Path data = tmp.resolve("data");
        try (Store store = Store.open(new StorageConfig("", "", "", 2), data)) {
            AuthTokens tokens = AuthTokens.from(data, n -> null);
            Bootstrap.ensureMainAccount(store.jdbc(), data, env(SID, "first-token-0123456789"), tokens);
            assertThat(matches(store, tokens, "first-token-0123456789")).isTrue();

            Bootstrap.ensureMainAccount(store.jdbc(), data, env(SID, "second-token-0123456789"), tokens);
            assertThat(matches(store, tokens, "second-token-0123456789")).isTrue();
            assertThat(matches(store, tokens, "first-token-0123456789")).isFalse();
            // Unset: the stored token stays.
            Bootstrap.ensureMainAccount(store.jdbc(), data, n -> null, tokens);
            assertThat(matches(store, tokens, "second-token-0123456789")).isTrue();
        }
    }

    @Test
    void anotherAccountSidInTheEnvironmentIsRefusedLoudly() {
        Path data = tmp.resolve("data");
        try (Store store = Store.open(new StorageConfig("", "", "", 2), data)) {
            AuthTokens tokens = AuthTokens.from(data, n -> null);
            Bootstrap.ensureMainAccount(store.jdbc(), data, env(SID, "first-token-0123456789"), tokens);
            String other = "AC" + "ef".repeat(16);
            assertThatThrownBy(() -> Bootstrap.ensureMainAccount(store.jdbc(), data,
                    env(other, "first-token-0123456789"), tokens))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SOFTSWITCH_ACCOUNT_SID: " + other).hasMessageContaining(SID);
        }
    }

    private static java.util.function.Function<String, String> env(String sid, String token) {
        return Map.of(Bootstrap.ENV_SID, sid, Bootstrap.ENV_TOKEN, token)::get;
    }

    private static boolean matches(Store store, AuthTokens tokens, String token) {
        Map<String, Object> row = store.jdbc().query("SELECT auth_token_hash FROM accounts WHERE sid = ?",
                rs -> Map.<String, Object>of("auth_token_hash", rs.getString(1)), SID).get(0);
        return tokens.matches(row, token);
    }
}
