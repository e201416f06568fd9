package io.softswitch.media.codec;

/**
 * ITU-T Recommendation G.711 (11/1988), "Pulse code modulation (PCM) of voice frequencies": 16-bit
 * linear PCM to and from 8-bit mu-law (Table 2a/2b, North America and Japan, RTP payload type 0
 * PCMU) and A-law (Table 1a/1b, Europe, payload type 8 PCMA; RFC 3551 section 4.5.14).
 *
 * <p>mu-law: 8 segments of 16 steps, input biased by 33 (0x84 in 16-bit scale) so segment ends
 * are powers of two, all bits inverted on the line. A-law: segment 0 and 1 linear, even bits
 * inverted on the line (XOR 0x55). The 16-bit scale is the 14-bit (mu) / 13-bit (A) code shifted
 * left, as in the ITU reference implementation (G.191 STL).
 */
public final class G711 {
    private static final int ULAW_BIAS = 0x84;
    private static final int CLIP = 32635;

    private G711() {}

    public static byte linearToUlaw(short sample) {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0) {
            pcm = -pcm;
        }
        pcm = Math.min(pcm, CLIP) + ULAW_BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short ulawToLinear(byte code) {
        int u = ~code & 0xff;
        int exponent = (u >> 4) & 0x07;
        int sample = ((((u & 0x0f) << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
        return (short) ((u & 0x80) != 0 ? -sample : sample);
    }

    public static byte linearToAlaw(short sample) {
        int pcm = sample;
        int sign = pcm >= 0 ? 0x80 : 0;
        if (sign == 0) {
            pcm = -pcm - 1;
        }
        pcm = Math.min(pcm, CLIP);
        int code;
        if (pcm >= 256) {
            int exponent = 7;
            for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 1; mask >>= 1) {
                exponent--;
            }
            code = (exponent << 4) | ((pcm >> (exponent + 3)) & 0x0f);
        } else {
            code = pcm >> 4;
        }
        return (byte) ((code | sign) ^ 0x55);
    }

    public static short alawToLinear(byte code) {
        int a = (code ^ 0x55) & 0xff;
        int exponent = (a >> 4) & 0x07;
        int t = (a & 0x0f) << 4;
        t = exponent == 0 ? t + 8 : (t + 0x108) << (exponent - 1);
        return (short) ((a & 0x80) != 0 ? t : -t);
    }
}
