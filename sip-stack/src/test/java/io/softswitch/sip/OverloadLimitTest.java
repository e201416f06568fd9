package io.softswitch.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OverloadLimitTest {

    @Test
    void theWarmUpThresholdHoldsForTheWarmUpThenTheSteadyOne() {
        OverloadLimit l = new OverloadLimit(200, 2_000, 30);
        assertEquals(2_000, l.thresholdMs(0));
        assertEquals(2_000, l.thresholdMs(29_999));
        assertEquals(200, l.thresholdMs(30_000));
        assertEquals(200, l.thresholdMs(3_600_000));
    }

    @Test
    void aWarmUpThresholdBelowTheSteadyOneCountsAsTheSteadyOne() {
        assertEquals(500, new OverloadLimit(500, 100, 30).thresholdMs(1_000));
    }

    @Test
    void steadyHasNoWarmUpAndZeroIsOff() {
        assertEquals(200, OverloadLimit.steady(200).thresholdMs(0));
        OverloadLimit off = new OverloadLimit(0, 2_000, 30);
        assertFalse(off.enabled());
        assertEquals(0, off.thresholdMs(0), "off stays off during the warm-up");
        assertTrue(OverloadLimit.steady(1).enabled());
    }

    @Test
    void negativeValuesAreRefusedWithTheValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> new OverloadLimit(200, -1, 30));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void retryAfterDefaultsToOneSecondAndIsBounded() {
        assertEquals(1, OverloadLimit.steady(200).retryAfterSeconds());
        var e = assertThrows(IllegalArgumentException.class, () -> new OverloadLimit(200, 200, 0, 86_401));
        assertEquals("retryAfterSeconds: 86401 (expected: 0-86400)", e.getMessage());
    }
}
