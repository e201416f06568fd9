package io.softswitch.voice.tts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * RIFF/WAVE (PCM format 1, 8- or 16-bit; G.711 A-law format 6 and mu-law format 7; any rate and
 * channel count) to and from {@link PcmAudio}.
 * Streamed WAVs (espeak-ng {@code --stdout}) carry placeholder sizes such as {@code 0x7FFFF000}:
 * the data chunk is then read to the end of the bytes given.
 */
public final class Wav {
    private Wav() {}

    /** Decodes {@code wav}, mixes to mono and resamples to 8 kHz. */
    public static PcmAudio read(byte[] wav) throws WavFormatException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new WavFormatException("not a RIFF/WAVE stream");
        }
        int pos = 12;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int g711Format = 0;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || body + 16 > wav.length) {
                    throw new WavFormatException("fmt chunk truncated");
                }
                int format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2) & 0xffff;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xffff;
                boolean pcm = format == 1 && (bits == 8 || bits == 16);
                boolean g711 = (format == 6 || format == 7) && bits == 8;
                if (!(pcm || g711) || channels < 1 || channels > 8 || rate < 1000 || rate > 192_000) {
                    throw new WavFormatException("unsupported WAV: format " + format + ", " + bits + " bits, "
                            + channels + " channels, " + rate + " Hz (expected: PCM 8/16-bit, G.711 A-law or mu-law)");
                }
                g711Format = g711 ? format : 0;
            } else if (id == 0x61746164) { // "data"
                if (rate == 0) {
                    throw new WavFormatException("data chunk before fmt chunk");
                }
                int end = (int) Math.min(wav.length, body + size);
                if (g711Format != 0) {
                    return G711Wav.decode(wav, body, end, g711Format == 7, channels, rate);
                }
                return new PcmAudio(Resampler.to8k(mono(b, body, end, channels, bits), rate));
            }
            pos = body + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - body);
        }
        throw new WavFormatException("no data chunk");
    }

    static short[] mono(ByteBuffer b, int from, int to, int channels, int bits) {
        int bytesPerFrame = channels * bits / 8;
        int frames = (to - from) / bytesPerFrame;
        short[] out = new short[frames];
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int at = from + f * bytesPerFrame + c * bits / 8;
                sum += bits == 16 ? b.getShort(at) : ((b.get(at) & 0xff) - 128) << 8;
            }
            out[f] = (short) (sum / channels);
        }
        return out;
    }

    /** Decodes raw 8 kHz mono mu-law ({@code audio/basic}, RFC 2046 section 4.3). */
    public static PcmAudio muLaw8k(byte[] ulaw) throws WavFormatException {
        return G711Wav.decode(ulaw, 0, ulaw.length, true, 1, PcmAudio.SAMPLE_RATE);
    }

    /** Encodes 8 kHz mono 16-bit PCM as a WAV file. */
    public static byte[] write(PcmAudio audio) {
        short[] s = audio.samples();
        ByteBuffer b = ByteBuffer.allocate(44 + s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + s.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(PcmAudio.SAMPLE_RATE)
                .putInt(PcmAudio.SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(s.length * 2);
        for (short v : s) {
            b.putShort(v);
        }
        return b.array();
    }
}
