package io.softswitch.core.store;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Twilio-style resource identifiers: a two-letter prefix and 32 lowercase hex digits. */
public final class Sids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

    private Sids() {
    }

    /** A fresh random SID, e.g. {@code TK} + 32 hex digits. */
    public static String next(String prefix) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    /** Whether {@code sid} is {@code prefix} followed by 32 lowercase hex digits. */
    public static boolean isValid(String prefix, String sid) {
        return sid != null && sid.length() == 34 && sid.startsWith(prefix) && HEX32.matcher(sid.substring(2)).matches();
    }

    /** 32 random hex digits, used as a generated auth token. */
    public static String secret() {
        return next("");
    }
}
