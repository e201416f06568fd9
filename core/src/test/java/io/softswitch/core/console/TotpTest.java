package io.softswitch.core.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238 Appendix B (SHA-1 key "12345678901234567890"), cut to 6 digits as authenticator apps use. */
class TotpTest {
    private static final String KEY = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void matchesTheRfc6238TestVectors() {
        assertThat(KEY).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.code(KEY, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(Totp.code(KEY, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
        assertThat(Totp.code(KEY, Instant.ofEpochSecond(1234567890))).isEqualTo("005924");
        assertThat(Totp.code(KEY, Instant.ofEpochSecond(2000000000))).isEqualTo("279037");
    }

    @Test
    void acceptsOneStepOfClockSkewButNotTwo() {
        Instant now = Instant.ofEpochSecond(1234567890);
        assertThat(Totp.verify(KEY, Totp.code(KEY, now.minusSeconds(30)), now)).isTrue();
        assertThat(Totp.verify(KEY, Totp.code(KEY, now.plusSeconds(30)), now)).isTrue();
        assertThat(Totp.verify(KEY, Totp.code(KEY, now.minusSeconds(60)), now)).isFalse();
        assertThat(Totp.verify(KEY, "28708", now)).isFalse();
        assertThat(Totp.verify(KEY, null, now)).isFalse();
    }

    @Test
    void newKeysRoundTripThroughBase32() {
        String key = Totp.newSecret();
        assertThat(key).hasSize(32).matches("[A-Z2-7]+");
        assertThat(Totp.base32(Totp.base32Decode(key))).isEqualTo(key);
    }

    @Test
    void passwordsAreSaltedPbkdf2AndCheckedExactly() {
        String h = Passwords.hash("correct horse battery");
        assertThat(h).startsWith("pbkdf2-sha256$" + Passwords.ITERATIONS + "$").isNotEqualTo(Passwords.hash("correct horse battery"));
        assertThat(Passwords.matches("correct horse battery", h)).isTrue();
        assertThat(Passwords.matches("correct horse batterz", h)).isFalse();
        assertThat(Passwords.matches("x", "not a hash")).isFalse();
    }
}
