package io.softswitch.media.internal.rtp;

/**
 * A listening-quality MOS estimate from the simplified ITU-T G.107 E-model commonly used for
 * VoIP monitoring (Cole and Rosenbluth, "Voice over IP performance monitoring", 2001), for G.711
 * without packet loss concealment tuning:
 *
 * <pre>
 * effective latency  Le = one-way delay + 2 * jitter + 10 ms
 * R = 93.2 - (Le &lt; 160 ? Le / 40 : (Le - 120) / 10) - 2.5 * loss percent
 * MOS = 1 + 0.035 R + 7e-6 R (R - 60) (100 - R), clamped to 1.0-4.5 (R &lt; 0 gives 1.0)
 * </pre>
 *
 * The relay does not know the one-way delay between the endpoints, so it uses 0; the estimate is
 * therefore an upper bound that degrades only with loss and jitter measured on the leg.
 */
public final class MosModel {
    private MosModel() {
    }

    public static double estimate(double lossRatio, double jitterMillis, double delayMillis) {
        double latency = delayMillis + 2 * jitterMillis + 10;
        double r = 93.2 - (latency < 160 ? latency / 40 : (latency - 120) / 10) - 2.5 * (lossRatio * 100);
        if (r <= 0) {
            return 1.0;
        }
        double mos = 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
        return Math.max(1.0, Math.min(4.5, mos));
    }
}
