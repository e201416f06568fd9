package io.softswitch.trunking.internal;

import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One region's (or non-geographical calling code's) libphonenumber metadata with its patterns
 * compiled once, and the metadata steps of {@code PhoneNumberUtil} that {@link FastNumberParser}
 * needs, each giving the same answer as the library's method it names.
 *
 * <p>Validity ({@code getNumberTypeHelper(...) != UNKNOWN}) is "matches the general description
 * and at least one type description", where a description matches when its possible lengths admit
 * the length (an empty list means "as the general description") and its non-empty pattern matches
 * the whole number. Fixed-line matching ends the type search, and mobile is only tried when the
 * metadata does not flag the two patterns as equal, so the types tried are the eight special ones,
 * fixed line and, unless flagged, mobile. For each length those admitting it are joined into one
 * alternation: {@code matches()} on {@code (?:a)|(?:b)} is true exactly when one of them matches
 * the whole input (the patterns hold no anchors, back-references or flags), and one matcher replaces
 * up to ten. Immutable and thread-safe.
 */
final class CompiledRegion {
    /** PhoneNumberUtil.MAX_LENGTH_FOR_NSN. */
    static final int MAX_NSN = 17;

    /** The outcome of {@code PhoneNumberUtil.testNumberLength} for the general description. */
    enum Length { POSSIBLE, POSSIBLE_LOCAL_ONLY, TOO_SHORT, INVALID_LENGTH, TOO_LONG }

    final int countryCode;
    final String countryCodeText;
    /** Null when the metadata has no general pattern or no possible lengths: never used then. */
    private final Pattern general;
    private final int[] generalLengths;
    private final int[] localOnlyLengths;
    /** By national number length: the type patterns admitting it joined into one, or null. */
    private final Pattern[] typesByLength = new Pattern[MAX_NSN + 1];
    /** Null when the metadata has no leading digits. */
    final Pattern leadingDigits;
    private final Pattern nationalPrefixForParsing;
    private final String nationalPrefixTransformRule;
    final Pattern internationalPrefix;
    /** False when the general description lacks what the fast path needs; callers fall back then. */
    final boolean usable;

    CompiledRegion(PhoneMetadata m) {
        countryCode = m.getCountryCode();
        countryCodeText = Integer.toString(countryCode);
        PhoneNumberDesc g = m.getGeneralDesc();
        generalLengths = ints(g.getPossibleLengthList());
        localOnlyLengths = ints(g.getPossibleLengthLocalOnlyList());
        general = g.getNationalNumberPattern().isEmpty() ? null : Pattern.compile(g.getNationalNumberPattern());
        usable = general != null && generalLengths.length > 0;
        List<PhoneNumberDesc> types = new ArrayList<>(List.of(m.getPremiumRate(), m.getTollFree(), m.getSharedCost(),
                m.getVoip(), m.getPersonalNumber(), m.getPager(), m.getUan(), m.getVoicemail(), m.getFixedLine()));
        if (!m.getSameMobileAndFixedLinePattern()) {
            types.add(m.getMobile());
        }
        for (int length = 0; length <= MAX_NSN; length++) {
            StringBuilder joined = new StringBuilder();
            for (PhoneNumberDesc d : types) {
                List<Integer> lengths = d.getPossibleLengthList();
                if (!d.getNationalNumberPattern().isEmpty() && (lengths.isEmpty() || lengths.contains(length))) {
                    joined.append(joined.length() == 0 ? "(?:" : "|(?:").append(d.getNationalNumberPattern()).append(')');
                }
            }
            typesByLength[length] = joined.length() == 0 ? null : Pattern.compile(joined.toString());
        }
        leadingDigits = m.hasLeadingDigits() ? Pattern.compile(m.getLeadingDigits()) : null;
        nationalPrefixForParsing = m.getNationalPrefixForParsing().isEmpty()
                ? null : Pattern.compile(m.getNationalPrefixForParsing());
        String rule = m.getNationalPrefixTransformRule();
        nationalPrefixTransformRule = rule == null || rule.isEmpty() ? null : rule;
        internationalPrefix = Pattern.compile(m.getInternationalPrefix());
    }

    /** {@code getNumberTypeHelper(nsn, metadata) != UNKNOWN}. */
    boolean isValid(String nsn) {
        int length = nsn.length();
        if (length > MAX_NSN || !contains(generalLengths, length) || !general.matcher(nsn).matches()) {
            return false;
        }
        Pattern types = typesByLength[length];
        return types != null && types.matcher(nsn).matches();
    }

    /** {@code matcherApi.matchNationalNumber(number, generalDesc, false)}: the pattern only, no lengths. */
    boolean matchesGeneralPattern(String number) {
        return general.matcher(number).matches();
    }

    /**
     * {@code maybeStripNationalPrefixAndCarrierCode(number, metadata, carrierCode)}: the number
     * without its national prefix, or {@code number} itself when there is none to strip or stripping
     * would turn a number matching the general pattern into one that does not. The carrier code it
     * would extract plays no part in E.164 and is ignored.
     */
    String stripNationalPrefix(String number) {
        if (number.isEmpty() || nationalPrefixForParsing == null) {
            return number;
        }
        Matcher prefix = nationalPrefixForParsing.matcher(number);
        if (!prefix.lookingAt()) {
            return number;
        }
        boolean viable = matchesGeneralPattern(number);
        String stripped;
        if (nationalPrefixTransformRule == null || prefix.group(prefix.groupCount()) == null) {
            stripped = number.substring(prefix.end());
        } else {
            // replaceFirst finds the same match at index 0 that lookingAt found
            stripped = prefix.replaceFirst(nationalPrefixTransformRule);
        }
        return viable && !matchesGeneralPattern(stripped) ? number : stripped;
    }

    /** {@code testNumberLength(number, metadata)}, i.e. against the general description. */
    Length testLength(String number) {
        if (generalLengths[0] == -1) {
            return Length.INVALID_LENGTH;
        }
        int length = number.length();
        if (contains(localOnlyLengths, length)) {
            return Length.POSSIBLE_LOCAL_ONLY;
        }
        if (generalLengths[0] == length) {
            return Length.POSSIBLE;
        } else if (generalLengths[0] > length) {
            return Length.TOO_SHORT;
        } else if (generalLengths[generalLengths.length - 1] < length) {
            return Length.TOO_LONG;
        }
        return contains(generalLengths, length) ? Length.POSSIBLE : Length.INVALID_LENGTH;
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }
}
