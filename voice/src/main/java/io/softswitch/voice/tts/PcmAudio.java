package io.softswitch.voice.tts;

import java.time.Duration;

/**
 * Telephone-band audio: 8 kHz, signed 16-bit, mono samples, ready for G.711 encoding. Immutable
 * by convention: the array is not copied, and must not be changed after construction.
 */
public record PcmAudio(short[] samples) {
    public static final int SAMPLE_RATE = 8000;

    public Duration duration() {
        return Duration.ofNanos(samples.length * 1_000_000_000L / SAMPLE_RATE);
    }

    /** Root mean square of the samples (0 for silence), a quick "is anything audible" test. */
    public double rms() {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }

    @Override
    public String toString() {
        return "PcmAudio[" + samples.length + " samples, " + duration().toMillis() + " ms]";
    }
}
