package io.softswitch.core.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** {@code <Record trim="trim-silence">} (Twilio's default) on the endpoint's mono WAV. */
class RecordTrimTest {

    private static byte[] wav(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples.length).put("WAVEfmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt(2 * samples.length);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    @Test
    void leadingAndTrailingQuietSamplesAreCutAndTheHeaderFollows() {
        byte[] trimmed = SipCallMedia.trimSilence(wav((short) 0, (short) 12, (short) -200, (short) 3000, (short) 5,
                (short) -4000, (short) 100, (short) 0));
        assertThat(trimmed).isEqualTo(wav((short) 3000, (short) 5, (short) -4000));
    }

    @Test
    void aSilentRecordingBecomesEmpty() {
        assertThat(SipCallMedia.trimSilence(wav((short) 0, (short) 100, (short) -256))).isEqualTo(wav());
    }
}
