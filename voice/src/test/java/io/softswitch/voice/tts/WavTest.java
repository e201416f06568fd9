package io.softswitch.voice.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** WAV reading and writing, checked against the JDK's own javax.sound WAV writer and reader. */
class WavTest {

    private static byte[] jdkWav(short[] samples, float rate, int channels) throws Exception {
        byte[] pcm = new byte[samples.length * 2 * channels];
        for (int i = 0; i < samples.length; i++) {
            for (int c = 0; c < channels; c++) {
                int at = (i * channels + c) * 2;
                pcm[at] = (byte) samples[i];
                pcm[at + 1] = (byte) (samples[i] >> 8);
            }
        }
        AudioFormat f = new AudioFormat(rate, 16, channels, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), f, samples.length),
                javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    private static short[] tone(int hz, int rate, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    @Test
    void stereo22kHzToneBecomes8kHzMonoOfTheSameDurationAndLevel() throws Exception {
        PcmAudio a = Wav.read(jdkWav(tone(440, 22050, 22050), 22050, 2));
        assertThat(a.samples()).hasSize(8000);
        assertThat(a.rms()).isBetween(8000 / Math.sqrt(2) * 0.9, 8000 / Math.sqrt(2) * 1.1);
    }

    @Test
    void toneAboveTheNewNyquistIsFilteredNotAliased() throws Exception {
        PcmAudio a = Wav.read(jdkWav(tone(7000, 22050, 22050), 22050, 1));
        assertThat(a.rms()).isLessThan(800);
    }

    @Test
    void writtenWavIsReadByJavaSound() throws Exception {
        byte[] wav = Wav.write(new PcmAudio(tone(1000, 8000, 800)));
        AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav));
        assertThat(in.getFormat().getSampleRate()).isEqualTo(8000f);
        assertThat(in.getFrameLength()).isEqualTo(800);
        assertThat(Wav.read(wav).samples()).isEqualTo(tone(1000, 8000, 800));
    }

    @Test
    void streamedWavWithPlaceholderSizesIsReadToTheEnd() throws Exception {
        byte[] wav = Wav.write(new PcmAudio(tone(500, 8000, 400)));
        java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, 0x7ffff024).putInt(40, 0x7ffff000);
        assertThat(Wav.read(wav).samples()).hasSize(400);
    }

    @Test
    void nonWavAndCompressedWavAreRefused() {
        assertThatThrownBy(() -> Wav.read("hello".getBytes())).isInstanceOf(WavFormatException.class);
        byte[] wav = Wav.write(new PcmAudio(new short[10]));
        wav[20] = 85; // format tag: MPEG layer 3
        assertThatThrownBy(() -> Wav.read(wav)).hasMessageContaining("format 85");
    }

    @Test
    void muLawAndALawWavsWrittenByJavaSoundAreDecoded() throws Exception {
        for (AudioFormat.Encoding encoding : new AudioFormat.Encoding[] {AudioFormat.Encoding.ULAW, AudioFormat.Encoding.ALAW}) {
            AudioInputStream pcm = AudioSystem.getAudioInputStream(new ByteArrayInputStream(jdkWav(tone(440, 8000, 8000), 8000, 1)));
            AudioInputStream g711 = AudioSystem.getAudioInputStream(encoding, pcm);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AudioSystem.write(g711, javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
            PcmAudio a = Wav.read(out.toByteArray());
            assertThat(a.samples()).as("%s", encoding).hasSize(8000);
            assertThat(a.rms()).as("%s", encoding).isBetween(8000 / Math.sqrt(2) * 0.9, 8000 / Math.sqrt(2) * 1.1);
        }
    }
}
