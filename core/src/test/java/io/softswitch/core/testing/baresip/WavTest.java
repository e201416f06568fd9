package io.softswitch.core.testing.baresip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measures {@code BaresipCallIT} asserts on, checked against signals of known content. */
class WavTest {
    @TempDir
    Path dir;

    @Test
    void toneLevelFindsTheToneThatIsThereAndNotTheOneThatIsNot() {
        Wav tone = Wav.tone(8000, 1000, 0.5, 1.0);
        assertThat(tone.toneLevel(1000)).isCloseTo(0.5, within(0.01));
        assertThat(tone.toneLevel(400)).isLessThan(0.01);
        assertThat(tone.rms()).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
        assertThat(tone.seconds()).isEqualTo(1.0);
    }

    @Test
    void silenceHasNoLevel() {
        Wav silence = new Wav(8000, new short[8000]);
        assertThat(silence.rms()).isZero();
        assertThat(silence.toneLevel(1000)).isZero();
    }

    @Test
    void aWrittenFileReadsBackSampleForSample() throws IOException {
        Wav tone = Wav.tone(8000, 400, 0.25, 0.5);
        tone.write(dir.resolve("t.wav"));
        Wav back = Wav.read(dir.resolve("t.wav"));
        assertThat(back.sampleRate()).isEqualTo(8000);
        assertThat(Arrays.equals(back.samples(), tone.samples())).isTrue();
    }

    @Test
    void aFileWhoseHeaderIsNotFinalYetIsRejected() throws IOException {
        Wav.tone(8000, 400, 0.25, 0.5).write(dir.resolve("t.wav"));
        byte[] bytes = Files.readAllBytes(dir.resolve("t.wav"));
        Files.write(dir.resolve("growing.wav"), Arrays.copyOf(bytes, bytes.length + 320));
        assertThatThrownBy(() -> Wav.read(dir.resolve("growing.wav"))).isInstanceOf(IOException.class)
                .hasMessageContaining("still being written");
    }
}
