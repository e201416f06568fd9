package io.softswitch.trunking.internal;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The answer of {@code PhoneNumberUtil.parse(text, defaultRegion)} followed by
 * {@code isValidNumber} and E.164 formatting, for the plain inputs that make up real traffic,
 * without the library's general-purpose parsing: {@code +} and ASCII digits, or (with a real
 * default region) ASCII digits in international-prefix or national form. It walks the same steps
 * over the same metadata (calling code by 1-3 digit prefix, national prefix stripping with its
 * length guard, region choice among those sharing a calling code, type patterns) and answers
 * {@link Verdict#UNDECIDED} for everything else: other characters, anything the library would
 * reject with a parse error (whose message the caller reports), unusable metadata. Callers then
 * ask libphonenumber, so the combined answer is the library's by construction; the differential
 * property test {@code FastPathMatchesLibphonenumberPropertyTest} checks it.
 *
 * <p>Region metadata is compiled on first use per region and kept for the life of the JVM
 * (about 250 regions at most). Thread-safe and lock-free: two threads may compile the same region
 * at once and one result is dropped.
 */
public final class FastNumberParser {
    /** PhoneNumberUtil.MAX_INPUT_STRING_LENGTH: longer input is a parse error. */
    private static final int MAX_INPUT = 250;
    /** PhoneNumberUtil.MIN_LENGTH_FOR_NSN. */
    private static final int MIN_NSN = 2;
    private static final String NON_GEO = "001";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final MetadataSource METADATA =
            DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private static final ConcurrentHashMap<String, CompiledRegion> REGIONS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, CompiledRegion> NON_GEO_CODES = new ConcurrentHashMap<>();
    /** Index: calling code 1-999; null until first used or when the code is unassigned. */
    private static final AtomicReferenceArray<CallingCode> CODES = new AtomicReferenceArray<>(1000);
    private static final boolean[] ASSIGNED = new boolean[1000];

    static {
        for (int cc : UTIL.getSupportedCallingCodes()) {
            ASSIGNED[cc] = true;
        }
    }

    /** What the fast path decided; {@code e164} is set for {@link Kind#VALID} only. */
    public record Verdict(Kind kind, String e164) {
        public static final Verdict NOT_VALID = new Verdict(Kind.NOT_VALID, null);
        public static final Verdict UNDECIDED = new Verdict(Kind.UNDECIDED, null);

        public enum Kind {
            /** Parses and {@code isValidNumber} holds. */
            VALID,
            /** Parses, and {@code isValidNumber} is false. */
            NOT_VALID,
            /** Not decided here: ask libphonenumber. */
            UNDECIDED
        }
    }

    /** A calling code, its main region's rules (used for parsing) and all its regions in map order. */
    private record CallingCode(CompiledRegion main, CompiledRegion[] regions) {
    }

    private final CompiledRegion defaultRegion;

    private FastNumberParser(CompiledRegion defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    /**
     * @param defaultRegion a region libphonenumber supports, or {@code ZZ} (then only {@code +}
     *     forms are decided, as the library accepts nothing else without a region)
     */
    public static FastNumberParser forRegion(String defaultRegion) {
        Objects.requireNonNull(defaultRegion, "defaultRegion");
        if ("ZZ".equals(defaultRegion)) {
            return new FastNumberParser(null);
        }
        if (!UTIL.getSupportedRegions().contains(defaultRegion)) {
            throw new IllegalArgumentException("defaultRegion: '" + defaultRegion + "' (expected: a supported region or ZZ)");
        }
        return new FastNumberParser(region(defaultRegion));
    }

    /** Decides {@code text}, the string that would be given to {@code PhoneNumberUtil.parse}. */
    public Verdict parse(String text) {
        int length = text.length();
        if (length > MAX_INPUT || length < 2) {
            return Verdict.UNDECIDED;
        }
        if (text.charAt(0) == '+') {
            return isAsciiDigits(text, 1) ? international(text.substring(1)) : Verdict.UNDECIDED;
        }
        CompiledRegion r = defaultRegion;
        if (r == null || !r.usable || !isAsciiDigits(text, 0)) {
            return Verdict.UNDECIDED;
        }
        // maybeStripInternationalPrefixAndNormalize / parsePrefixAsIdd: the prefix is stripped unless
        // a 0 follows it; an empty match would still count as one, which the fast path leaves alone.
        var idd = r.internationalPrefix.matcher(text);
        if (idd.lookingAt()) {
            int end = idd.end();
            if (end == 0 || end == length) {
                return Verdict.UNDECIDED;
            }
            if (text.charAt(end) != '0') {
                return international(text.substring(end));
            }
        }
        return national(text, r);
    }

    /** Digits after {@code +} or an international prefix (FROM_NUMBER_WITH_PLUS_SIGN / _WITH_IDD). */
    private static Verdict international(String digits) {
        if (digits.length() <= MIN_NSN || digits.charAt(0) == '0') {
            return Verdict.UNDECIDED; // TOO_SHORT_AFTER_IDD, INVALID_COUNTRY_CODE
        }
        int code = 0;
        int i = 1;
        for (; i <= 3; i++) {
            int candidate = code * 10 + (digits.charAt(i - 1) - '0');
            if (ASSIGNED[candidate]) {
                code = candidate;
                break;
            }
            code = candidate;
        }
        if (i > 3) {
            return Verdict.UNDECIDED; // INVALID_COUNTRY_CODE
        }
        CallingCode cc = callingCode(code);
        return finish(code, digits.substring(i), cc.main, cc);
    }

    /** No international prefix: maybeExtractCountryCode's default-country branch, then parseHelper. */
    private static Verdict national(String digits, CompiledRegion r) {
        if (digits.startsWith(r.countryCodeText)) {
            String potential = r.stripNationalPrefix(digits.substring(r.countryCodeText.length()));
            if ((!r.matchesGeneralPattern(digits) && r.matchesGeneralPattern(potential))
                    || r.testLength(digits) == CompiledRegion.Length.TOO_LONG) {
                CallingCode cc = callingCode(r.countryCode);
                return finish(r.countryCode, potential, cc.main, cc);
            }
        }
        // No calling code extracted: the default region's own metadata is used, not its main region's.
        return finish(r.countryCode, digits, r, callingCode(r.countryCode));
    }

    private static Verdict finish(int code, String nsn, CompiledRegion parsing, CallingCode cc) {
        if (nsn.length() < MIN_NSN || !parsing.usable) {
            return Verdict.UNDECIDED; // TOO_SHORT_NSN
        }
        String stripped = parsing.stripNationalPrefix(nsn);
        CompiledRegion.Length length = parsing.testLength(stripped);
        if (length != CompiledRegion.Length.TOO_SHORT && length != CompiledRegion.Length.POSSIBLE_LOCAL_ONLY
                && length != CompiledRegion.Length.INVALID_LENGTH) {
            nsn = stripped;
        }
        if (nsn.length() < MIN_NSN || nsn.length() > CompiledRegion.MAX_NSN) {
            return Verdict.UNDECIDED; // TOO_SHORT_NSN, TOO_LONG
        }
        Boolean valid = isValid(nsn, cc);
        if (valid == null) {
            return Verdict.UNDECIDED;
        }
        // format(E164) is "+" + code + the national significant number, which the parsed long plus
        // its Italian leading zeros gives back digit for digit.
        return valid ? new Verdict(Verdict.Kind.VALID, "+" + code + nsn) : Verdict.NOT_VALID;
    }

    /**
     * isValidNumber: getRegionCodeForNumber picks the only region, or the first whose leading
     * digits match the start or (without leading digits) that finds a type; then that region's
     * type check decides. Null when a region's metadata is unusable.
     */
    private static Boolean isValid(String nsn, CallingCode cc) {
        CompiledRegion[] regions = cc.regions;
        if (regions.length == 1) {
            return regions[0].usable ? regions[0].isValid(nsn) : null;
        }
        for (CompiledRegion r : regions) {
            if (!r.usable) {
                return null;
            }
            if (r.leadingDigits != null) {
                if (r.leadingDigits.matcher(nsn).lookingAt()) {
                    return r.isValid(nsn);
                }
            } else if (r.isValid(nsn)) {
                return true;
            }
        }
        return false;
    }

    private static CallingCode callingCode(int code) {
        CallingCode cc = CODES.get(code);
        if (cc == null) {
            List<String> regionCodes = UTIL.getRegionCodesForCountryCode(code);
            CompiledRegion[] regions = new CompiledRegion[regionCodes.size()];
            for (int i = 0; i < regions.length; i++) {
                regions[i] = NON_GEO.equals(regionCodes.get(i)) ? nonGeo(code) : region(regionCodes.get(i));
            }
            cc = new CallingCode(regions[0], regions);
            CODES.compareAndSet(code, null, cc);
        }
        return cc;
    }

    private static CompiledRegion region(String regionCode) {
        return REGIONS.computeIfAbsent(regionCode, r -> new CompiledRegion(METADATA.getMetadataForRegion(r)));
    }

    private static CompiledRegion nonGeo(int code) {
        return NON_GEO_CODES.computeIfAbsent(code, c -> new CompiledRegion(METADATA.getMetadataForNonGeographicalRegion(c)));
    }

    private static boolean isAsciiDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
