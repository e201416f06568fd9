package io.softswitch.sip.internal;

import java.security.SecureRandom;

/** Random tokens for tags and branches (RFC 3261 §19.3: at least 32 bits of randomness). */
final class Tags {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Tags() {
    }

    static String newTag() {
        char[] out = new char[12];
        byte[] bytes = new byte[out.length];
        RANDOM.nextBytes(bytes);
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[(bytes[i] & 0xff) % ALPHABET.length];
        }
        return new String(out);
    }
}
