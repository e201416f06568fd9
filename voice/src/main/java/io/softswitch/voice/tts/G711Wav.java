package io.softswitch.voice.tts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * G.711 samples (A-law or mu-law, from a WAV data chunk or an {@code audio/basic} body) to
 * {@link PcmAudio}, through the JDK's own G.711 decoder in Java Sound (no codec is copied here:
 * the voice module has no media-relay dependency).
 */
final class G711Wav {
    private G711Wav() {}

    static PcmAudio decode(byte[] data, int from, int to, boolean ulaw, int channels, int rate) throws WavFormatException {
        AudioFormat g711 = new AudioFormat(ulaw ? AudioFormat.Encoding.ULAW : AudioFormat.Encoding.ALAW,
                rate, 8, channels, channels, rate, false);
        AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, rate, 16, channels, channels * 2, rate, false);
        int frames = (to - from) / channels;
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data, from, frames * channels), g711, frames);
                AudioInputStream out = AudioSystem.getAudioInputStream(pcm, in)) {
            byte[] bytes = out.readAllBytes();
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            return new PcmAudio(Resampler.to8k(Wav.mono(b, 0, bytes.length, channels, 16), rate));
        } catch (IOException | IllegalArgumentException e) {
            throw new WavFormatException("G.711 audio undecodable: " + e.getMessage());
        }
    }
}
