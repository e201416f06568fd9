package io.softswitch.trunking.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.provisioning.NumberNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers: US 555-01xx (NANPA fictional) and the Ofcom drama range 020 7946 0xxx. */
class NumberNormalizerTest {
    private final NumberNormalizer strictUs = new NumberNormalizer(NumberNormalization.STRICT, "US");
    private final NumberNormalizer us = new NumberNormalizer(NumberNormalization.NORMALIZE, "US");
    private final NumberNormalizer gb = new NumberNormalizer(NumberNormalization.NORMALIZE, "GB");

    @Test
    void strictAcceptsE164() {
        assertThat(strictUs.normalize("+14155550100")).isEqualTo(global("+14155550100"));
        assertThat(strictUs.normalize("tel:+442079460000")).isEqualTo(global("+442079460000"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4155550100", "14155550100", "+1-415-555-0100", "+1 415 555 0100", "0114420794600000",
            "5550100;phone-context=+1415", "alice", "", "+"})
    void strictRejectsAnythingButPlusAndDigits(String input) {
        assertThat(strictUs.normalize(input)).isInstanceOf(NumberResult.Invalid.class);
    }

    @Test
    void strictRejectsE164SyntaxThatIsNotAValidNumber() {
        // +1 011 ... : NANP area codes never start with 0
        assertThat(strictUs.normalize("+10115550100")).isInstanceOf(NumberResult.Invalid.class);
        assertThat(strictUs.normalize("+861234")).isInstanceOf(NumberResult.Invalid.class);
    }

    @ParameterizedTest
    @CsvSource({
            "4155550100, +14155550100",
            "14155550100, +14155550100",
            "+14155550100, +14155550100",
            "(415) 555-0100, +14155550100",
            "415.555.0100, +14155550100",
            "1-415-555-0100, +14155550100",
            "011 44 20 7946 0000, +442079460000",
            "011442079460000, +442079460000",
            "tel:+1-415-555-0100, +14155550100",
            "tel:5550100;phone-context=+1-415, +14155550100",
            "5550100;phone-context=+1415, +14155550100"})
    void normalizeTurnsUsDialingFormsIntoE164(String dialed, String e164) {
        assertThat(us.normalize(dialed)).isEqualTo(global(e164));
    }

    @ParameterizedTest
    @CsvSource({
            "020 7946 0000, +442079460000",
            "02079460000, +442079460000",
            "0044 20 7946 0000, +442079460000",
            "00442079460000, +442079460000",
            "001 415 555 0100, +14155550100",
            "+442079460999, +442079460999"})
    void normalizeTurnsGbDialingFormsIntoE164(String dialed, String e164) {
        assertThat(gb.normalize(dialed)).isEqualTo(global(e164));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5550100", "0115550100", "99999999999999999", "1-800-FLOWERS-XYZ", "alice"})
    void normalizeRejectsNumbersNotValidForAnyRegion(String input) {
        assertThat(us.normalize(input)).isInstanceOf(NumberResult.Invalid.class);
    }

    @Test
    void emergencyAndServiceShortCodesPassUnchanged() {
        assertThat(us.normalize("911")).isEqualTo(new NumberResult.ShortCode("911", "US", true));
        assertThat(strictUs.normalize("911")).isEqualTo(new NumberResult.ShortCode("911", "US", true));
        assertThat(us.normalize("933")).isEqualTo(new NumberResult.ShortCode("933", "US", false));
        assertThat(us.normalize("112")).isEqualTo(new NumberResult.ShortCode("112", "US", true));
        assertThat(gb.normalize("999")).isEqualTo(new NumberResult.ShortCode("999", "GB", true));
        assertThat(gb.normalize("112")).isEqualTo(new NumberResult.ShortCode("112", "GB", true));
    }

    @Test
    void shortCodesAreThoseOfTheTrunkRegion() {
        assertThat(us.normalize("999")).isInstanceOf(NumberResult.Invalid.class);
    }

    @Test
    void unknownRegionIsRejectedAtConstruction() {
        assertThatThrownBy(() -> new NumberNormalizer(NumberNormalization.NORMALIZE, "XX"))
                .hasMessage("region: 'XX' (expected: an ISO 3166 region code, e.g. US)");
    }

    private static NumberResult global(String e164) {
        return new NumberResult.Global(new E164Number(e164));
    }
}
