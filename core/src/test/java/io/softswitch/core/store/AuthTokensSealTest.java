package io.softswitch.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The auth token kept sealed for signing webhooks (issue 18): only the key's holder opens it. */
class AuthTokensSealTest {
    private static final String ACCOUNT = "AC" + "0".repeat(32);
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void aSealedTokenOpensWithTheSameKeyForTheSameAccountOnly() {
        AuthTokens tokens = new AuthTokens(key(1));
        String sealed = tokens.seal(ACCOUNT, TOKEN);
        assertThat(sealed).doesNotContain(TOKEN);
        assertThat(tokens.seal(ACCOUNT, TOKEN)).as("fresh nonce each time").isNotEqualTo(sealed);
        assertThat(tokens.unseal(ACCOUNT, sealed)).contains(TOKEN);
        assertThat(new AuthTokens(key(2)).unseal(ACCOUNT, sealed)).as("another key").isEmpty();
        assertThat(tokens.unseal("AC" + "1".repeat(32), sealed)).as("another account's row").isEmpty();
    }

    @Test
    void anAlteredOrMissingSealOpensToNothing() {
        AuthTokens tokens = new AuthTokens(key(1));
        String sealed = tokens.seal(ACCOUNT, TOKEN);
        char last = sealed.charAt(sealed.length() - 3);
        String altered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 2);
        assertThat(tokens.unseal(ACCOUNT, altered)).isEmpty();
        assertThat(tokens.unseal(ACCOUNT, null)).isEmpty();
        assertThat(tokens.unseal(ACCOUNT, "not base64!")).isEmpty();
    }
}
