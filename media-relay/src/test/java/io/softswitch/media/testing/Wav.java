package io.softswitch.media.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A PCM WAV file read back for assertions: header fields and the samples per channel. */
public record Wav(int format, int channels, int sampleRate, int bits, short[][] samples) {

    public static Wav read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** Parses the canonical 44-byte header layout; the data size field must match the bytes present. */
    public static Wav parse(byte[] bytes) {
        return parse(bytes, true);
    }

    /** Not strict: the file may hold more bytes than the header declares yet (a recording in progress). */
    public static Wav parse(byte[] bytes, boolean strict) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157 || b.getInt(36) != 0x61746164) {
            throw new IllegalArgumentException("not a canonical RIFF/WAVE file");
        }
        int riff = b.getInt(4);
        int data = b.getInt(40);
        if (riff != 36 + data || (strict ? data != bytes.length - 44 : data > bytes.length - 44)) {
            throw new IllegalArgumentException("sizes: riff " + riff + " data " + data + " file " + bytes.length);
        }
        int channels = b.getShort(22);
        short[][] s = new short[channels][data / 2 / channels];
        for (int i = 0; i < s[0].length; i++) {
            for (int c = 0; c < channels; c++) {
                s[c][i] = b.getShort(44 + (i * channels + c) * 2);
            }
        }
        return new Wav(b.getShort(20), channels, b.getInt(24), b.getShort(34), s);
    }

    public double seconds() {
        return samples[0].length / (double) sampleRate;
    }

    /** Root mean square of channel {@code c}. */
    public double rms(int c) {
        double sum = 0;
        for (short v : samples[c]) {
            sum += (double) v * v;
        }
        return samples[c].length == 0 ? 0 : Math.sqrt(sum / samples[c].length);
    }

    /** The amplitude of {@code hz} in channel {@code c} (Goertzel over the whole channel, normalized). */
    public double toneLevel(int c, double hz) {
        short[] x = samples[c];
        double w = 2 * Math.PI * hz / sampleRate;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (short v : x) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return x.length == 0 ? 0 : 2 * Math.sqrt(Math.max(0, power)) / x.length;
    }
}
