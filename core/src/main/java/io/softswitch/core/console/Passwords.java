package io.softswitch.core.console;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console passwords as PBKDF2-HMAC-SHA256 (RFC 8018 §5.2) with a random 16-byte salt and
 * {@link #ITERATIONS} rounds (OWASP's 2023 figure), stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}; compared in constant time.
 */
public final class Passwords {
    /** PBKDF2 rounds for new hashes; stored per hash, so it can grow without breaking old ones. */
    public static final int ITERATIONS = 600_000;
    /** The shortest password {@code console-user add} accepts. */
    public static final int MIN_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
    }

    public static boolean matches(String password, String stored) {
        String[] p = stored == null ? new String[0] : stored.split("\\$");
        if (p.length != 4 || !"pbkdf2-sha256".equals(p[0]) || password == null) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(p[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(p[2]), Integer.parseInt(p[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** A random password of 20 characters from an unambiguous alphabet (about 110 bits). */
    public static String generate() {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().withoutPadding().encodeToString(b);
    }
}
