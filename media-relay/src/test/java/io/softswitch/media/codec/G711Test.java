package io.softswitch.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ITU-T G.711 code points and round trips. */
class G711Test {

    @Test
    void zeroAndFullScaleHaveG711sCodes() {
        assertThat(G711.linearToUlaw((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(G711.linearToAlaw((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32256);
        assertThat(G711.linearToUlaw(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(G711.linearToAlaw(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
    }

    @Test
    void everyCodeDecodesAndReencodesToItself() {
        for (int c = 0; c < 256; c++) {
            byte code = (byte) c;
            if (c != 0x7F) { // mu-law has two zeros (0x7F and 0xFF): negative zero re-encodes as 0xFF
                assertThat(G711.linearToUlaw(G711.ulawToLinear(code))).as("mu-law %02x", c).isEqualTo(code);
            }
            assertThat(G711.linearToAlaw(G711.alawToLinear(code))).as("A-law %02x", c).isEqualTo(code);
        }
    }

    @Test
    void quantizationErrorIsWithinHalfAStepOfTheSegment() {
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s += 7) {
            short x = (short) s;
            int step = Math.max(16, Integer.highestOneBit(Math.abs(s) + 1) >> 4);
            if (Math.abs(s) < 32000) {
                assertThat(Math.abs(G711.ulawToLinear(G711.linearToUlaw(x)) - s)).as("mu %d", s).isLessThanOrEqualTo(step);
                assertThat(Math.abs(G711.alawToLinear(G711.linearToAlaw(x)) - s)).as("A %d", s).isLessThanOrEqualTo(step);
            }
        }
    }
}
