package io.softswitch.core.testing.baresip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mono 16-bit PCM audio as a RIFF/WAVE file holds it (the format baresip's {@code aufile} plays
 * and its {@code sndfile} records), with the measures the call tests assert on.
 *
 * @param sampleRate samples per second
 * @param samples    signed 16-bit samples
 */
public record Wav(int sampleRate, short[] samples) {
    /** Frame length of {@link #toneLevel}: 20 ms at 8 kHz, so 400 Hz and 1 kHz fall on exact bins. */
    private static final int FRAME = 160;

    /** A sine of {@code hz} at {@code amplitude} (0-1 of full scale) lasting {@code seconds}. */
    public static Wav tone(int sampleRate, double hz, double amplitude, double seconds) {
        short[] s = new short[(int) Math.round(sampleRate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * Short.MAX_VALUE * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return new Wav(sampleRate, s);
    }

    /**
     * Reads a complete file: a file whose header still announces fewer (or more) bytes than it
     * holds is still being written, and is rejected with {@link IOException}.
     */
    public static Wav read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        if (b.getInt(4) != b.limit() - 8) {
            throw new IOException(file + ": RIFF size " + b.getInt(4) + " (expected: " + (b.limit() - 8)
                    + ", the file is still being written)");
        }
        int rate = 0;
        b.position(12);
        while (b.remaining() >= 8) {
            int id = b.getInt();
            int size = b.getInt();
            if (size < 0 || size > b.remaining()) {
                throw new IOException(file + ": chunk size " + size + " (expected: 0-" + b.remaining() + ")");
            }
            if (id == 0x20746d66) { // "fmt "
                int format = b.getShort(b.position()) & 0xffff;
                int channels = b.getShort(b.position() + 2);
                int bits = b.getShort(b.position() + 14);
                if (format != 1 || channels != 1 || bits != 16) {
                    throw new IOException(file + ": format " + format + ", " + channels + " channels, " + bits
                            + " bits (expected: PCM, 1 channel, 16 bits)");
                }
                rate = b.getInt(b.position() + 4);
            } else if (id == 0x61746164) { // "data"
                if (rate == 0) {
                    throw new IOException(file + ": data chunk before fmt chunk");
                }
                short[] s = new short[size / 2];
                b.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
                return new Wav(rate, s);
            }
            b.position(b.position() + size + (size & 1));
        }
        throw new IOException(file + ": no data chunk");
    }

    public void write(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate)
                .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        Files.write(file, b.array());
    }

    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    /** Root mean square level, 0 (silence) to 1 (full scale). */
    public double rms() {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length) / Short.MAX_VALUE;
    }

    /**
     * The amplitude (0-1 of full scale) of the {@code hz} component: Goertzel's algorithm on
     * 20 ms frames, powers averaged over the frames. Frame by frame, so a phase jump where a
     * jitter buffer dropped or repeated a packet does not cancel the tone out.
     */
    public double toneLevel(double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double sum = 0;
        int frames = samples.length / FRAME;
        for (int f = 0; f < frames; f++) {
            double s1 = 0;
            double s2 = 0;
            for (int i = f * FRAME; i < (f + 1) * FRAME; i++) {
                double s = samples[i] / (double) Short.MAX_VALUE + coeff * s1 - s2;
                s2 = s1;
                s1 = s;
            }
            double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
            sum += 4 * power / ((double) FRAME * FRAME);
        }
        return frames == 0 ? 0 : Math.sqrt(sum / frames);
    }

    @Override
    public String toString() {
        return "Wav[%d Hz, %.2f s, rms %.3f]".formatted(sampleRate, seconds(), rms());
    }
}
