package io.softswitch.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The digest hash functions SIP uses: MD5 (RFC 3261) and SHA-256 (RFC 8760). */
public enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    private final String token;
    private final String jca;

    DigestAlgorithm(String token, String jca) {
        this.token = token;
        this.jca = jca;
    }

    /** The {@code algorithm=} token. */
    public String token() {
        return token;
    }

    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of(MD5); // RFC 7616 §3.3: absent means MD5
        }
        for (DigestAlgorithm a : values()) {
            if (a.token.equalsIgnoreCase(token.trim())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex of the hash of {@code s} (UTF-8). */
    public String hex(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance(jca);
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8))).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is required by every Java runtime", e);
        }
    }

    /** HA1 = H(username:realm:password). */
    public String ha1(String username, String realm, String password) {
        return hex(username + ":" + realm + ":" + password);
    }
}
