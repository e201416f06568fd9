package io.softswitch.voice.tts;

/**
 * Converts a mono PCM signal to 8 kHz: a windowed-sinc low-pass at 3.6 kHz (below the new Nyquist
 * frequency of 4 kHz, so downsampling does not alias) then linear interpolation at the new rate.
 * Upsampling skips the filter.
 */
final class Resampler {
    private static final int TAPS = 31;
    private static final double CUTOFF_HZ = 3600;

    private Resampler() {}

    static short[] to8k(short[] in, int rate) {
        if (rate == PcmAudio.SAMPLE_RATE || in.length == 0) {
            return in;
        }
        double[] x = rate > PcmAudio.SAMPLE_RATE ? lowPass(in, rate) : toDouble(in);
        int n = (int) ((long) in.length * PcmAudio.SAMPLE_RATE / rate);
        short[] out = new short[n];
        double step = (double) rate / PcmAudio.SAMPLE_RATE;
        for (int i = 0; i < n; i++) {
            double pos = i * step;
            int k = (int) pos;
            double frac = pos - k;
            double v = x[k] + (k + 1 < x.length ? (x[k + 1] - x[k]) * frac : 0);
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
        return out;
    }

    private static double[] lowPass(short[] in, int rate) {
        double fc = CUTOFF_HZ / rate;
        double[] h = new double[TAPS];
        double sum = 0;
        int m = TAPS - 1;
        for (int i = 0; i < TAPS; i++) {
            double t = i - m / 2.0;
            double sinc = t == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
            double hamming = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / m);
            h[i] = sinc * hamming;
            sum += h[i];
        }
        double[] out = new double[in.length];
        for (int n = 0; n < in.length; n++) {
            double acc = 0;
            for (int i = 0; i < TAPS; i++) {
                int j = n - i + m / 2;
                if (j >= 0 && j < in.length) {
                    acc += h[i] * in[j];
                }
            }
            out[n] = acc / sum;
        }
        return out;
    }

    private static double[] toDouble(short[] in) {
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[i];
        }
        return out;
    }
}
