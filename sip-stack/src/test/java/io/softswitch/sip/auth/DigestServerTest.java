package io.softswitch.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.sip.auth.DigestServer.Ha1;
import io.softswitch.sip.auth.DigestServer.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link DigestServer} against credentials computed here, independently, as RFC 7616 §3.4.1
 * writes them: {@code response = H(H(user:realm:password):nonce:nc:cnonce:qop:H(method:uri))},
 * or {@code H(HA1:nonce:HA2)} without qop (RFC 2617 compatibility, §3.4.1 last paragraph).
 */
class DigestServerTest {
    private static final String REALM = "acme.pstn.example.net";
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final String URI = "sip:+14155550100@acme.pstn.example.net";
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    private final SteppedClock clock = new SteppedClock(Instant.parse("2024-01-01T00:00:00Z"));
    private final DigestServer server = new DigestServer("0123456789abcdef0123456789abcdef".getBytes(
            StandardCharsets.US_ASCII), LIFETIME, clock);

    /** A clock that stands still until the test moves it. */
    private static final class SteppedClock extends Clock {
        private Instant now;

        SteppedClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static String hex(String jca, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String jca(String token) {
        return "SHA-256".equals(token) ? "SHA-256" : "MD5";
    }

    /** The stored HA1 of {@link #USER} for both algorithms, computed here; nobody else is known. */
    private static Optional<Ha1> users(String name) {
        return USER.equals(name)
                ? Optional.of(new Ha1(hex("MD5", USER + ":" + REALM + ":" + PASSWORD),
                        hex("SHA-256", USER + ":" + REALM + ":" + PASSWORD)))
                : Optional.empty();
    }

    private String nonce(DigestAlgorithm alg) {
        Matcher m = NONCE.matcher(server.challenges(REALM, false, List.of(alg)).get(0));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** A Proxy-Authorization value with qop=auth, computed per RFC 7616 §3.4.1. */
    private static String credentials(String algorithm, String user, String password, String nonce, String nc) {
        String jca = jca(algorithm);
        String ha1 = hex(jca, user + ":" + REALM + ":" + password);
        String ha2 = hex(jca, "INVITE:" + URI);
        String cnonce = "0a4f113b";
        String response = hex(jca, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"" + URI
                + "\", response=\"" + response + "\", algorithm=" + algorithm + ", qop=auth, nc=" + nc
                + ", cnonce=\"" + cnonce + "\"";
    }

    /** Credentials without qop (RFC 2617 §3.2.2.1 compatibility form). */
    private static String credentialsWithoutQop(String nonce) {
        String ha1 = hex("MD5", USER + ":" + REALM + ":" + PASSWORD);
        String response = hex("MD5", ha1 + ":" + nonce + ":" + hex("MD5", "INVITE:" + URI));
        return "Digest username=\"" + USER + "\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"" + URI
                + "\", response=\"" + response + "\", algorithm=MD5";
    }

    private Verdict verify(String authorization) {
        return server.verify(List.of(authorization), "INVITE", REALM, DigestServerTest::users);
    }

    @Test
    void correctMd5CredentialsAreOk() {
        String nonce = nonce(DigestAlgorithm.MD5);
        assertThat(verify(credentials("MD5", USER, PASSWORD, nonce, "00000001"))).isEqualTo(new Verdict.Ok(USER));
    }

    @Test
    void correctSha256CredentialsAreOk() {
        String nonce = nonce(DigestAlgorithm.SHA_256);
        assertThat(verify(credentials("SHA-256", USER, PASSWORD, nonce, "00000001")))
                .isEqualTo(new Verdict.Ok(USER));
    }

    @Test
    void wrongPasswordAndUnknownUserAreTheSameInvalid() {
        Verdict wrong = verify(credentials("MD5", USER, "wrong", nonce(DigestAlgorithm.MD5), "00000001"));
        Verdict unknown = verify(credentials("MD5", "mallory", PASSWORD, nonce(DigestAlgorithm.MD5), "00000001"));
        assertThat(wrong).isInstanceOf(Verdict.Invalid.class);
        // Same type and same reason: nothing a caller (or a log scraper) could tell apart.
        assertThat(unknown).isEqualTo(wrong);
    }

    @Test
    void nonceOlderThanTheLifetimeWithCorrectCredentialsIsStale() {
        String nonce = nonce(DigestAlgorithm.MD5);
        clock.advance(LIFETIME.plusSeconds(1));
        assertThat(verify(credentials("MD5", USER, PASSWORD, nonce, "00000001"))).isEqualTo(new Verdict.Stale());
    }

    @Test
    void nonceWithinTheLifetimeIsStillOk() {
        String nonce = nonce(DigestAlgorithm.MD5);
        clock.advance(LIFETIME.minusSeconds(1));
        assertThat(verify(credentials("MD5", USER, PASSWORD, nonce, "00000001"))).isEqualTo(new Verdict.Ok(USER));
    }

    @Test
    void staleNonceWithWrongCredentialsIsInvalidNotStale() {
        String nonce = nonce(DigestAlgorithm.MD5);
        clock.advance(LIFETIME.plusSeconds(1));
        assertThat(verify(credentials("MD5", USER, "wrong", nonce, "00000001"))).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void tamperedNonceIsInvalid() {
        String nonce = nonce(DigestAlgorithm.MD5);
        // Move the issue time (the first bytes) forward: the HMAC no longer matches. The response is
        // computed over the tampered nonce, so only the nonce check can refuse it.
        char first = nonce.charAt(0);
        String tampered = (first == 'A' ? 'B' : 'A') + nonce.substring(1);
        assertThat(verify(credentials("MD5", USER, PASSWORD, tampered, "00000001")))
                .isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void nonceNotMadeByThisServerIsInvalid() {
        assertThat(verify(credentials("MD5", USER, PASSWORD, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001")))
                .isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void sameNonceCountTwiceIsAReplay() {
        String nonce = nonce(DigestAlgorithm.MD5);
        String creds = credentials("MD5", USER, PASSWORD, nonce, "00000001");
        assertThat(verify(creds)).isEqualTo(new Verdict.Ok(USER));
        assertThat(verify(creds)).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void increasingNonceCountsOnOneNonceAreOk() {
        String nonce = nonce(DigestAlgorithm.SHA_256);
        assertThat(verify(credentials("SHA-256", USER, PASSWORD, nonce, "00000001"))).isEqualTo(new Verdict.Ok(USER));
        assertThat(verify(credentials("SHA-256", USER, PASSWORD, nonce, "00000002"))).isEqualTo(new Verdict.Ok(USER));
        assertThat(verify(credentials("SHA-256", USER, PASSWORD, nonce, "0000000a"))).isEqualTo(new Verdict.Ok(USER));
    }

    @Test
    void lowerNonceCountAfterAHigherOneIsAReplay() {
        String nonce = nonce(DigestAlgorithm.MD5);
        assertThat(verify(credentials("MD5", USER, PASSWORD, nonce, "00000005"))).isEqualTo(new Verdict.Ok(USER));
        assertThat(verify(credentials("MD5", USER, PASSWORD, nonce, "00000003"))).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void withoutQopANonceWorksOnce() {
        String creds = credentialsWithoutQop(nonce(DigestAlgorithm.MD5));
        assertThat(verify(creds)).isEqualTo(new Verdict.Ok(USER));
        assertThat(verify(creds)).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void noCredentialsForTheRealmIsMissing() {
        String other = credentials("MD5", USER, PASSWORD, nonce(DigestAlgorithm.MD5), "00000001")
                .replace(REALM, "other.example.net");
        assertThat(server.verify(List.of(other), "INVITE", REALM, DigestServerTest::users))
                .isEqualTo(new Verdict.Missing());
        assertThat(server.verify(List.of(), "INVITE", REALM, DigestServerTest::users))
                .isEqualTo(new Verdict.Missing());
    }

    @Test
    void digestClientAnswersAnMd5ChallengeTheServerAccepts() {
        roundTrip(DigestAlgorithm.MD5);
    }

    @Test
    void digestClientAnswersASha256ChallengeTheServerAccepts() {
        roundTrip(DigestAlgorithm.SHA_256);
    }

    private void roundTrip(DigestAlgorithm alg) {
        String challenge = server.challenges(REALM, false, List.of(alg)).get(0);
        String authorization = DigestClient.authorization(challenge, USER, PASSWORD, "INVITE", URI);
        assertThat(authorization).contains("algorithm=" + alg.token()).contains("qop=auth");
        assertThat(verify(authorization)).isEqualTo(new Verdict.Ok(USER));
        // The client's credentials are one-shot too: replaying them is refused.
        assertThat(verify(authorization)).isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void digestClientWithTheWrongPasswordIsRefused() {
        String challenge = server.challenges(REALM, false, List.of(DigestAlgorithm.SHA_256)).get(0);
        String authorization = DigestClient.authorization(challenge, USER, "wrong", "INVITE", URI);
        assertThat(verify(authorization)).isInstanceOf(Verdict.Invalid.class);
    }
}
