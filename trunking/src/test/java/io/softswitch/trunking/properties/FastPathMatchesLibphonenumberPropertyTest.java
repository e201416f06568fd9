package io.softswitch.trunking.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.trunking.internal.FastNumberParser;
import io.softswitch.trunking.number.NormalizationCache;
import io.softswitch.trunking.number.NumberNormalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The normalizer with its fast path (and no cache) gives exactly what the pre-fast-path normalizer
 * ({@link ReferenceNumberNormalizer}: libphonenumber parse + isValidNumber + format) gives: the
 * same {@code NumberResult}, reason text included, or the same exception. Inputs: every region's
 * and non-geographical entity's example numbers of every type in every format, near misses of
 * them (a digit changed, dropped or added; trailing digits randomized), random digit strings with
 * and without {@code +}, separators, {@code tel:} and {@code phone-context}, international-prefix
 * and national-prefix forms; against STRICT and NORMALIZE normalizers of random regions.
 *
 * <p>That the fast path is really taken is checked too: a differential test passes trivially if
 * everything falls back to the library.
 */
class FastPathMatchesLibphonenumberPropertyTest {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final List<String> REGIONS = List.copyOf(new TreeSet<>(UTIL.getSupportedRegions()));
    private static final List<String> EXAMPLES = exampleE164Numbers();
    private static final Map<String, NumberNormalizer> FAST = new ConcurrentHashMap<>();
    private static final Map<String, ReferenceNumberNormalizer> REFERENCE = new ConcurrentHashMap<>();

    @Example
    void everyExampleNumberInEveryFormGetsTheLibrarysVerdict() {
        int compared = 0;
        for (String region : REGIONS) {
            for (PhoneNumberType type : PhoneNumberType.values()) {
                PhoneNumber example = UTIL.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                for (String input : forms(example)) {
                    for (String normalizerRegion : List.of(region, "US", "GB", "DE")) {
                        compared += compareBothPolicies(normalizerRegion, input);
                    }
                }
            }
            PhoneNumber invalid = UTIL.getInvalidExampleNumber(region);
            if (invalid != null) {
                for (String input : forms(invalid)) {
                    compared += compareBothPolicies(region, input);
                }
            }
        }
        for (int code : UTIL.getSupportedGlobalNetworkCallingCodes()) {
            PhoneNumber example = UTIL.getExampleNumberForNonGeoEntity(code);
            if (example != null) {
                for (String input : forms(example)) {
                    compared += compareBothPolicies("US", input);
                }
            }
        }
        assertThat(compared).isGreaterThan(50_000);
    }

    @Example
    void nearMissesOfEveryExampleNumberGetTheLibrarysVerdict() {
        for (String e164 : EXAMPLES) {
            String digits = e164.substring(1);
            Set<String> variants = new LinkedHashSet<>();
            for (int i = 0; i < digits.length(); i++) {
                char changed = (char) ('0' + (digits.charAt(i) - '0' + 1) % 10);
                variants.add(digits.substring(0, i) + changed + digits.substring(i + 1));
                variants.add(digits.substring(0, i) + digits.substring(i + 1));
            }
            variants.add(digits + "0");
            variants.add(digits + "9");
            for (String v : variants) {
                compareBothPolicies("ZZ".equals(regionOf(e164)) ? "US" : regionOf(e164), "+" + v);
                compareBothPolicies("US", v);
            }
        }
    }

    @Property(tries = 3000)
    void randomDigitStringsGetTheLibrarysVerdict(@ForAll("regions") String region, @ForAll("digitInputs") String input) {
        compareBothPolicies(region, input);
    }

    @Property(tries = 3000)
    void examplesWithRandomTailsGetTheLibrarysVerdict(@ForAll("regions") String region, @ForAll("randomTails") String input) {
        compareBothPolicies(region, input);
    }

    /** Without this, the properties above would pass with a fast path that always falls back. */
    @Example
    void validE164ExamplesAreDecidedByTheFastPathItself() {
        FastNumberParser plusOnly = FastNumberParser.forRegion("ZZ");
        List<String> notDecided = new ArrayList<>();
        for (String e164 : EXAMPLES) {
            FastNumberParser.Verdict v = plusOnly.parse(e164);
            if (v.kind() != FastNumberParser.Verdict.Kind.VALID || !v.e164().equals(e164)) {
                notDecided.add(e164 + " -> " + v);
            }
        }
        assertThat(EXAMPLES).hasSizeGreaterThan(1000);
        assertThat(notDecided).isEmpty();
    }

    @Example
    void nationalAndInternationalPrefixFormsAreDecidedByTheFastPathItself() {
        assertThat(FastNumberParser.forRegion("US").parse("4155550100"))
                .isEqualTo(new FastNumberParser.Verdict(FastNumberParser.Verdict.Kind.VALID, "+14155550100"));
        assertThat(FastNumberParser.forRegion("US").parse("14155550100").e164()).isEqualTo("+14155550100");
        assertThat(FastNumberParser.forRegion("US").parse("011442079460000").e164()).isEqualTo("+442079460000");
        assertThat(FastNumberParser.forRegion("GB").parse("02079460000").e164()).isEqualTo("+442079460000");
        assertThat(FastNumberParser.forRegion("GB").parse("00442079460000").e164()).isEqualTo("+442079460000");
        assertThat(FastNumberParser.forRegion("US").parse("0115550100")).isEqualTo(FastNumberParser.Verdict.NOT_VALID);
        assertThat(FastNumberParser.forRegion("US").parse("1-800-FLOWERS")).isEqualTo(FastNumberParser.Verdict.UNDECIDED);
        assertThat(FastNumberParser.forRegion("ZZ").parse("4155550100")).isEqualTo(FastNumberParser.Verdict.UNDECIDED);
    }

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.oneOf(Arbitraries.of(REGIONS), Arbitraries.of("US", "GB", "DE", "FR", "IT", "RU", "KZ", "CA", "AR", "MX", "BR", "IN", "CN", "JP", "AU"));
    }

    /** Digit strings of 1-17 digits, shaped the ways a Request-URI user part can be. */
    @Provide
    Arbitrary<String> digitInputs() {
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(17);
        Arbitrary<String> prefix = Arbitraries.of("", "", "", "+", "0", "00", "011", "+0", "8", "810", "tel:+", "tel:", "++", "1");
        Arbitrary<String> suffix = Arbitraries.of("", "", "", ";phone-context=+1415", ";phone-context=example.com", ";isub=1", "x12", " ext. 7", "#");
        return Combinators.combine(prefix, digits, suffix, separators()).as((p, d, s, sep) -> p + sep(d, sep) + s);
    }

    /** An example number's leading digits and random trailing ones: valid and invalid near the edges. */
    @Provide
    Arbitrary<String> randomTails() {
        Arbitrary<String> example = Arbitraries.of(EXAMPLES);
        Arbitrary<Integer> keep = Arbitraries.integers().between(1, 8);
        Arbitrary<String> tail = Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(12);
        Arbitrary<String> form = Arbitraries.of("+", "", "00", "011", "0");
        return Combinators.combine(example, keep, tail, form, separators())
                .as((e, k, t, f, sep) -> f + sep(e.substring(1, Math.min(e.length(), 1 + k)) + t, sep));
    }

    private static Arbitrary<String> separators() {
        return Arbitraries.of("", "", "", " ", "-", ".", "(", "/", "\u00a0");
    }

    private static String sep(String digits, String sep) {
        if (sep.isEmpty() || digits.length() < 4) {
            return digits;
        }
        int cut = digits.length() / 2;
        return "(".equals(sep) ? "(" + digits.substring(0, cut) + ") " + digits.substring(cut)
                : digits.substring(0, cut) + sep + digits.substring(cut);
    }

    private static List<String> forms(PhoneNumber n) {
        String e164 = UTIL.format(n, PhoneNumberFormat.E164);
        String national = UTIL.format(n, PhoneNumberFormat.NATIONAL);
        return List.of(e164, "tel:" + e164, UTIL.format(n, PhoneNumberFormat.INTERNATIONAL), national,
                PhoneNumberUtil.normalizeDigitsOnly(national), UTIL.format(n, PhoneNumberFormat.RFC3966),
                UTIL.formatOutOfCountryCallingNumber(n, "US"), UTIL.formatOutOfCountryCallingNumber(n, "GB"),
                PhoneNumberUtil.normalizeDigitsOnly(UTIL.formatOutOfCountryCallingNumber(n, "DE")),
                e164.substring(1), String.valueOf(n.getNationalNumber()));
    }

    private static int compareBothPolicies(String region, String input) {
        for (NumberNormalization policy : NumberNormalization.values()) {
            String key = policy + "/" + region;
            NumberNormalizer fast = FAST.computeIfAbsent(key, k -> new NumberNormalizer(policy, region, NormalizationCache.NONE));
            ReferenceNumberNormalizer reference = REFERENCE.computeIfAbsent(key, k -> new ReferenceNumberNormalizer(policy, region));
            assertThat(outcome(() -> fast.normalize(input)))
                    .as("%s normalizing '%s'", key, input)
                    .isEqualTo(outcome(() -> reference.normalize(input)));
        }
        return NumberNormalization.values().length;
    }

    private static Object outcome(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String regionOf(String e164) {
        try {
            String r = UTIL.getRegionCodeForNumber(UTIL.parse(e164, "ZZ"));
            return r == null || "001".equals(r) ? "ZZ" : r;
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            return "ZZ";
        }
    }

    private static List<String> exampleE164Numbers() {
        Set<String> out = new TreeSet<>();
        for (String region : UTIL.getSupportedRegions()) {
            for (PhoneNumberType type : PhoneNumberType.values()) {
                PhoneNumber n = UTIL.getExampleNumberForType(region, type);
                if (n != null && UTIL.isValidNumber(n)) {
                    out.add(UTIL.format(n, PhoneNumberFormat.E164));
                }
            }
        }
        for (int code : UTIL.getSupportedGlobalNetworkCallingCodes()) {
            PhoneNumber n = UTIL.getExampleNumberForNonGeoEntity(code);
            if (n != null && UTIL.isValidNumber(n)) {
                out.add(UTIL.format(n, PhoneNumberFormat.E164));
            }
        }
        return List.copyOf(out);
    }
}
