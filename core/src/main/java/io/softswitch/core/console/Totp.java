package io.softswitch.core.console;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords, RFC 6238 with its defaults (HMAC-SHA1, 30 s steps, 6 digits):
 * HOTP (RFC 4226 §5.3) over the step counter. Codes one step either side are accepted for clock
 * skew (RFC 6238 §5.2). Keys are 20 random bytes, shown base32 (RFC 4648 §6) as authenticator apps want.
 */
public final class Totp {
    public static final int STEP_SECONDS = 30;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {
    }

    public static String newSecret() {
        byte[] key = new byte[20];
        RANDOM.nextBytes(key);
        return base32(key);
    }

    /** The 6-digit code of {@code secret} at {@code time}. */
    public static String code(String secret, Instant time) {
        return hotp(base32Decode(secret), time.getEpochSecond() / STEP_SECONDS);
    }

    /** Whether {@code code} is the one of this step or of the step before or after. */
    public static boolean verify(String secret, String code, Instant now) {
        if (code == null || !code.matches("\\d{6}")) {
            return false;
        }
        byte[] key = base32Decode(secret);
        long step = now.getEpochSecond() / STEP_SECONDS;
        boolean ok = false;
        for (long s = step - 1; s <= step + 1; s++) {
            ok |= java.security.MessageDigest.isEqual(hotp(key, s).getBytes(), code.getBytes());
        }
        return ok;
    }

    /** The {@code otpauth://} URI authenticator apps import (Google Authenticator key URI format). */
    public static String uri(String issuer, String user, String secret) {
        String enc = java.net.URLEncoder.encode(issuer, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        String u = java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + enc + ":" + u + "?secret=" + secret + "&issuer=" + enc + "&algorithm=SHA1&digits=6&period=30";
    }

    private static String hotp(byte[] key, long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int off = h[h.length - 1] & 0x0f; // dynamic truncation, RFC 4226 §5.3
            int bin = ((h[off] & 0x7f) << 24) | ((h[off + 1] & 0xff) << 16) | ((h[off + 2] & 0xff) << 8) | (h[off + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    static byte[] base32Decode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : s.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            int v = BASE32.indexOf(c);
            if (v < 0) {
                continue; // padding, spaces
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
