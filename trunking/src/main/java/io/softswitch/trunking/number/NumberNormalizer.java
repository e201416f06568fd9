package io.softswitch.trunking.number;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.trunking.internal.FastNumberParser;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the user part of a Request-URI (or a {@code tel:} URI, RFC 3966) into E.164 by a trunk's
 * policy:
 *
 * <ul>
 *   <li>{@code STRICT}: only {@code +} followed by digits is accepted (Twilio's rule), optionally as
 *       {@code tel:+...} with parameters;
 *   <li>{@code NORMALIZE}: national and international dialing forms of {@code region} are accepted
 *       ({@code 4155550100}, {@code 1 415 555 0100}, {@code 011 44 20...} from US; {@code 020...},
 *       {@code 0044...} from GB), with RFC 3966 visual separators and {@code ;phone-context}.
 * </ul>
 *
 * <p>Either way the result must be a valid number for its region (libphonenumber), and emergency
 * and service short codes of {@code region} are returned as {@link NumberResult.ShortCode}.
 *
 * <p>Speed: plain inputs ({@code +} and digits, or digits in international or national form) are
 * decided by {@code internal.FastNumberParser} over libphonenumber's compiled metadata, without
 * the library's general-purpose parser; everything else, and every parse error, goes through
 * {@code PhoneNumberUtil.parse} + {@code isValidNumber} as before, so the results are the
 * library's (checked against the old code by {@code FastPathMatchesLibphonenumberPropertyTest}).
 * A {@link NormalizationCache} can be given; by default there is none, because with the fast path a
 * cache did not pay in bench/trunking (RESULTS.md). Immutable apart from that cache, and
 * thread-safe.
 */
public final class NumberNormalizer {
    /** Longest short code recognised (ShortNumberInfo metadata has none longer). */
    private static final int MAX_SHORT_CODE = 6;
    private static final String NOT_VALID = "not a valid number for any region";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final ShortNumberInfo SHORT = ShortNumberInfo.getInstance();

    private final NumberNormalization policy;
    private final String region;
    private final NormalizationCache cache;
    /** Bound to the region that libphonenumber would be given: ZZ for STRICT, else {@code region}. */
    private final FastNumberParser fast;

    /**
     * A normalizer without a cache ({@link NormalizationCache#NONE}).
     *
     * @param region ISO 3166-1 alpha-2 region for national forms and short codes, e.g. {@code US}
     */
    public NumberNormalizer(NumberNormalization policy, String region) {
        this(policy, region, NormalizationCache.NONE);
    }

    /**
     * @param region ISO 3166-1 alpha-2 region for national forms and short codes, e.g. {@code US}
     * @param cache where results are kept; {@link NormalizationCache#NONE} for none
     */
    public NumberNormalizer(NumberNormalization policy, String region, NormalizationCache cache) {
        this.policy = Objects.requireNonNull(policy, "policy");
        String r = Objects.requireNonNull(region, "region").toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) {
            throw new IllegalArgumentException("region: '" + region + "' (expected: an ISO 3166 region code, e.g. US)");
        }
        this.region = r;
        this.cache = Objects.requireNonNull(cache, "cache");
        this.fast = FastNumberParser.forRegion(policy == NumberNormalization.STRICT ? "ZZ" : r);
    }

    /** Whether {@code region} (upper case) is a region libphonenumber has metadata for; the snapshot compile checks it. */
    public static boolean supportsRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region);
    }

    public NumberNormalization policy() {
        return policy;
    }

    public String region() {
        return region;
    }

    public NumberResult normalize(String input) {
        return cache.get(policy, region, input, this::normalizeUncached);
    }

    private NumberResult normalizeUncached(String input) {
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
        FastNumberParser.Verdict verdict = fast.parse(text);
        switch (verdict.kind()) {
            case VALID -> {
                return new NumberResult.Global(new E164Number(verdict.e164()));
            }
            case NOT_VALID -> {
                return new NumberResult.Invalid(input, NOT_VALID);
            }
            default -> {
                return parsedByLibphonenumber(input, text, parseRegion);
            }
        }
    }

    private static NumberResult parsedByLibphonenumber(String input, String text, String parseRegion) {
        PhoneNumber parsed;
        try {
            parsed = UTIL.parse(text, parseRegion);
        } catch (NumberParseException e) {
            return new NumberResult.Invalid(input, "not a phone number (" + e.getErrorType() + ")");
        }
        if (!UTIL.isValidNumber(parsed)) {
            return new NumberResult.Invalid(input, NOT_VALID);
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
