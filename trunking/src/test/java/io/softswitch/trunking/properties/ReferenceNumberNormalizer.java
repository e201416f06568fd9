package io.softswitch.trunking.properties;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.trunking.number.E164Number;
import io.softswitch.trunking.number.NumberResult;
import java.util.Locale;
import java.util.Objects;

/**
 * The test oracle: {@link io.softswitch.trunking.number.NumberNormalizer} as it was before the fast path and the cache (commit
 * f809505), verbatim but for its name and package. Every verdict comes from libphonenumber's
 * {@code parse} + {@code isValidNumber} + {@code format(E164)}.
 */
public final class ReferenceNumberNormalizer {
    /** Longest short code recognised (ShortNumberInfo metadata has none longer). */
    private static final int MAX_SHORT_CODE = 6;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final ShortNumberInfo SHORT = ShortNumberInfo.getInstance();

    private final NumberNormalization policy;
    private final String region;

    /**
     * @param region ISO 3166-1 alpha-2 region for national forms and short codes, e.g. {@code US}
     */
    public ReferenceNumberNormalizer(NumberNormalization policy, String region) {
        this.policy = Objects.requireNonNull(policy, "policy");
        String r = Objects.requireNonNull(region, "region").toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) {
            throw new IllegalArgumentException("region: '" + region + "' (expected: an ISO 3166 region code, e.g. US)");
        }
        this.region = r;
    }

    public NumberNormalization policy() {
        return policy;
    }

    public String region() {
        return region;
    }

    public NumberResult normalize(String input) {
        if (input == null || input.isBlank()) {
            return new NumberResult.Invalid(String.valueOf(input), "empty");
        }
        String s = input.trim();
        if (s.regionMatches(true, 0, "tel:", 0, 4)) {
            s = s.substring(4);
        }
        String context = null;
        int semi = s.indexOf(';');
        if (semi >= 0) {
            context = phoneContext(s.substring(semi));
            s = s.substring(0, semi);
        }
        if (s.length() <= MAX_SHORT_CODE && isDigits(s) && context == null) {
            NumberResult shortCode = shortCode(s);
            if (shortCode != null) {
                return shortCode;
            }
        }
        if (policy == NumberNormalization.STRICT) {
            if (!E164Number.isSyntax(s) || context != null) {
                return new NumberResult.Invalid(input, "not E.164 (expected: + and digits, e.g. +14155550100)");
            }
            return validated(input, s, "ZZ");
        }
        String stripped = stripVisualSeparators(s);
        if (context != null && context.startsWith("+")) {
            // RFC 3966 section 5.1.5: a global number digits context prefixes a local number.
            stripped = stripVisualSeparators(context) + stripped;
        }
        return validated(input, stripped, region);
    }

    private NumberResult validated(String input, String text, String parseRegion) {
        PhoneNumber parsed;
        try {
            parsed = UTIL.parse(text, parseRegion);
        } catch (NumberParseException e) {
            return new NumberResult.Invalid(input, "not a phone number (" + e.getErrorType() + ")");
        }
        if (!UTIL.isValidNumber(parsed)) {
            return new NumberResult.Invalid(input, "not a valid number for any region");
        }
        return new NumberResult.Global(new E164Number(UTIL.format(parsed, PhoneNumberFormat.E164)));
    }

    private NumberResult shortCode(String digits) {
        boolean emergency = SHORT.isEmergencyNumber(digits, region);
        if (emergency) {
            return new NumberResult.ShortCode(digits, region, true);
        }
        try {
            if (SHORT.isValidShortNumberForRegion(UTIL.parse(digits, region), region)) {
                return new NumberResult.ShortCode(digits, region, false);
            }
        } catch (NumberParseException e) {
            return null;
        }
        return null;
    }

    private static String phoneContext(String params) {
        for (String p : params.split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("phone-context")) {
                return p.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /** RFC 3966 visual-separator ("-" / "." / "(" / ")") plus the spaces people type. */
    private static String stripVisualSeparators(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '-' && c != '.' && c != '(' && c != ')' && c != ' ') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
