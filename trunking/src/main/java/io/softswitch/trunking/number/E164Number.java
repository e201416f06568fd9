package io.softswitch.trunking.number;

/**
 * A number in E.164 form ({@code +} then 1-15 digits, no leading zero; ITU-T E.164 section 6),
 * e.g. {@code +14155550100}.
 */
public record E164Number(String value) {
    public E164Number {
        if (!isSyntax(value)) {
            throw new IllegalArgumentException("number: '" + value + "' (expected: + and 1-15 digits, e.g. +14155550100)");
        }
    }

    /** The digits without {@code +}: what dial-plan prefixes match. */
    public String digits() {
        return value.substring(1);
    }

    /** Whether {@code s} has E.164 syntax (it may still be unassigned). */
    public static boolean isSyntax(String s) {
        if (s == null || s.length() < 2 || s.length() > 16 || s.charAt(0) != '+' || s.charAt(1) == '0') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
