package io.softswitch.sip.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Challenges PBXs and verifies their digest credentials (RFC 3261 §22.4, RFC 7616, RFC 8760).
 *
 * <p>Nonces are stateless: {@code base64url(issued-millis | random | HMAC(secret, both))}, so any
 * node with the same secret can verify them. A nonce older than the lifetime yields
 * {@link Verdict.Stale} (re-challenge with {@code stale=true}) when the credentials were otherwise
 * right. Replay: with {@code qop=auth} each nonce-count may be used once and must grow; without
 * qop a nonce is good for one request. Unknown users and wrong passwords give the same
 * {@link Verdict.Invalid}, so a scanner cannot tell them apart. Thread-safe.
 */
public final class DigestServer {
    /** Nonce-use records kept at most; older ones are purged first. */
    public static final int MAX_TRACKED_NONCES = 200_000;

    private final byte[] secret;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> lastNonceCount = new ConcurrentHashMap<>();

    public DigestServer(byte[] secret, Duration lifetime, Clock clock) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: at least 16)");
        }
        this.secret = secret.clone();
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A server with a fresh random secret, 5-minute nonces and the system clock. */
    public static DigestServer withRandomSecret() {
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        return new DigestServer(s, Duration.ofMinutes(5), Clock.systemUTC());
    }

    /** The HA1 values known for a user; either may be null when not stored. */
    public record Ha1(String md5, String sha256) {
        String forAlgorithm(DigestAlgorithm a) {
            return a == DigestAlgorithm.MD5 ? md5 : sha256;
        }
    }

    /** What a request's credentials amount to. */
    public sealed interface Verdict {
        /** Correct credentials for {@code username}. */
        record Ok(String username) implements Verdict {
        }

        /** Correct but the nonce expired: challenge again with {@code stale=true}. */
        record Stale() implements Verdict {
        }

        /** No credentials for this realm: challenge. */
        record Missing() implements Verdict {
        }

        /** Wrong, unknown, malformed or replayed; {@code why} is for logs only, never for the peer. */
        record Invalid(String why) implements Verdict {
        }
    }

    /**
     * The challenge header values to send ({@code Proxy-Authenticate}), SHA-256 first as RFC 8760
     * §2.4 recommends, then MD5 for older PBXs.
     */
    public List<String> challenges(String realm, boolean stale) {
        return challenges(realm, stale, List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));
    }

    /**
     * The challenge header values for {@code algorithms}, in that order (one shared nonce). Many
     * clients answer only the first challenge, and some (SIPp 3.6, older PBXs) only know MD5, so
     * offer first an algorithm every credential of the realm can be verified with.
     */
    public List<String> challenges(String realm, boolean stale, List<DigestAlgorithm> algorithms) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("algorithms: [] (expected: at least one)");
        }
        String nonce = newNonce();
        String tail = "\", nonce=\"" + nonce + "\", qop=\"auth\"" + (stale ? ", stale=true" : "");
        return algorithms.stream()
                .map(a -> "Digest realm=\"" + realm + tail + ", algorithm=" + a.token())
                .toList();
    }

    /**
     * Verifies the {@code Proxy-Authorization}/{@code Authorization} values of a request.
     *
     * @param authorizations the header values present (any realm)
     * @param method         the request method
     * @param realm          the trunk's realm; credentials for other realms are ignored
     * @param users          HA1 lookup by user name (empty when unknown)
     */
    public Verdict verify(List<String> authorizations, String method, String realm,
            Function<String, Optional<Ha1>> users) {
        for (String value : authorizations) {
            Optional<DigestParams> parsed = DigestParams.parse(value);
            if (parsed.isEmpty()) {
                continue;
            }
            DigestParams p = parsed.get();
            if (!realm.equals(p.get("realm"))) {
                continue;
            }
            return verifyOne(p, method, users);
        }
        return new Verdict.Missing();
    }

    private Verdict verifyOne(DigestParams p, String method, Function<String, Optional<Ha1>> users) {
        String username = p.get("username");
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String response = p.get("response");
        if (username == null || nonce == null || uri == null || response == null) {
            return new Verdict.Invalid("incomplete credentials");
        }
        DigestAlgorithm alg = DigestAlgorithm.fromToken(p.get("algorithm")).orElse(null);
        if (alg == null) {
            return new Verdict.Invalid("unsupported algorithm");
        }
        long issued = issuedAt(nonce);
        if (issued < 0) {
            return new Verdict.Invalid("nonce not ours");
        }
        Ha1 ha1s = users.apply(username).orElse(null);
        // Compute a response even for unknown users, so timing does not tell them apart.
        String ha1 = ha1s == null ? alg.hex("unknown:" + nonce) : ha1s.forAlgorithm(alg);
        if (ha1 == null) {
            ha1 = alg.hex("missing:" + nonce);
        }
        String ha2 = alg.hex(method + ":" + uri);
        String qop = p.get("qop");
        String nc = p.get("nc");
        String cnonce = p.get("cnonce");
        String expected;
        if (qop != null) {
            if (!"auth".equalsIgnoreCase(qop) || nc == null || cnonce == null) {
                return new Verdict.Invalid("bad qop parameters");
            }
            expected = alg.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        } else {
            expected = alg.hex(ha1 + ":" + nonce + ":" + ha2);
        }
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        if (!match || ha1s == null) {
            return new Verdict.Invalid("wrong credentials");
        }
        if (clock.millis() - issued > lifetime.toMillis()) {
            return new Verdict.Stale();
        }
        long count;
        try {
            count = qop == null ? 1 : Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return new Verdict.Invalid("bad nonce count");
        }
        if (!recordUse(nonce, count)) {
            return new Verdict.Invalid("replayed nonce");
        }
        return new Verdict.Ok(username);
    }

    private boolean recordUse(String nonce, long count) {
        if (lastNonceCount.size() >= MAX_TRACKED_NONCES) {
            long cutoff = clock.millis() - lifetime.toMillis();
            lastNonceCount.keySet().removeIf(n -> issuedAt(n) < cutoff);
        }
        boolean[] fresh = {false};
        lastNonceCount.compute(nonce, (k, last) -> {
            if (last == null || count > last) {
                fresh[0] = true;
                return count;
            }
            return last;
        });
        return fresh[0];
    }

    private String newNonce() {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.putLong(clock.millis());
        byte[] r = new byte[8];
        random.nextBytes(r);
        b.put(r);
        b.put(mac(b.array(), 16), 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The issue time of a nonce we made, or -1 when it is not ours or was tampered with. */
    private long issuedAt(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (raw.length != 32) {
            return -1;
        }
        byte[] expected = mac(raw, 16);
        for (int i = 0; i < 16; i++) {
            if (raw[16 + i] != expected[i]) {
                return -1;
            }
        }
        return ByteBuffer.wrap(raw).getLong();
    }

    private byte[] mac(byte[] data, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(data, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }
}
