package io.softswitch.core.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Digest HA1 values (RFC 7616 section 3.4.2: {@code HA1 = H(username ":" realm ":" password)}), for
 * MD5 (RFC 2617) and SHA-256 (RFC 7616). The store keeps only these, never the password.
 *
 * <p>Realm rule: every credential is hashed for the realm equal to its account SID, and every trunk of
 * that account challenges with that realm. A credential list can then be associated with any trunk
 * of its account at any time without knowing the password again.
 */
public final class Digest {
    private Digest() {
    }

    public static String ha1Md5(String username, String realm, String password) {
        return hash("MD5", username, realm, password);
    }

    public static String ha1Sha256(String username, String realm, String password) {
        return hash("SHA-256", username, realm, password);
    }

    private static String hash(String algorithm, String username, String realm, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] d = md.digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JVM", e);
        }
    }
}
