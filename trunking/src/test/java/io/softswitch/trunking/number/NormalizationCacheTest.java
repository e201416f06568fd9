package io.softswitch.trunking.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.provisioning.NumberNormalization;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Numbers: US 555-01xx (NANPA fictional). */
class NormalizationCacheTest {

    @Test
    void aRepeatedInputIsNormalizedOnce() {
        NormalizationCache cache = NormalizationCache.of(100);
        AtomicInteger calls = new AtomicInteger();
        Function<String, NumberResult> counting = counting(calls);
        NumberResult first = cache.get(NumberNormalization.STRICT, "US", "+14155550100", counting);
        NumberResult second = cache.get(NumberNormalization.STRICT, "US", "+14155550100", counting);
        assertThat(second).isSameAs(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void policyAndRegionAreDistinctKeys() {
        NormalizationCache cache = NormalizationCache.of(100);
        NumberNormalizer strict = new NumberNormalizer(NumberNormalization.STRICT, "US", cache);
        NumberNormalizer us = new NumberNormalizer(NumberNormalization.NORMALIZE, "US", cache);
        NumberNormalizer gb = new NumberNormalizer(NumberNormalization.NORMALIZE, "GB", cache);
        assertThat(us.normalize("4155550100")).isEqualTo(new NumberResult.Global(new E164Number("+14155550100")));
        assertThat(strict.normalize("4155550100")).isInstanceOf(NumberResult.Invalid.class);
        assertThat(gb.normalize("4155550100")).isInstanceOf(NumberResult.Invalid.class);
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void staysWithinItsBound() {
        NormalizationCache cache = NormalizationCache.of(50);
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            cache.get(NumberNormalization.STRICT, "US", "+1415555" + (1000 + i), counting(calls));
        }
        assertThat(calls).hasValue(1000);
        assertThat(cache.size()).isBetween(1L, 50L);
    }

    @Test
    void longInputsAreNotCached() {
        NormalizationCache cache = NormalizationCache.of(100);
        AtomicInteger calls = new AtomicInteger();
        String longInput = "+1" + "5".repeat(NormalizationCache.MAX_INPUT_LENGTH);
        cache.get(NumberNormalization.STRICT, "US", longInput, counting(calls));
        cache.get(NumberNormalization.STRICT, "US", longInput, counting(calls));
        assertThat(calls).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void noneCachesNothing() {
        AtomicInteger calls = new AtomicInteger();
        NormalizationCache.NONE.get(NumberNormalization.STRICT, "US", "+14155550100", counting(calls));
        NormalizationCache.NONE.get(NumberNormalization.STRICT, "US", "+14155550100", counting(calls));
        assertThat(calls).hasValue(2);
        assertThat(NormalizationCache.NONE.size()).isZero();
        assertThat(NormalizationCache.of(0)).isSameAs(NormalizationCache.NONE);
    }

    @Test
    void negativeBoundIsRejected() {
        assertThatThrownBy(() -> NormalizationCache.of(-1)).hasMessage("maxEntries: -1 (expected: 0 or more)");
    }

    private static Function<String, NumberResult> counting(AtomicInteger calls) {
        return input -> {
            calls.incrementAndGet();
            return new NumberResult.Invalid(input, "counted");
        };
    }
}
