package io.softswitch.media;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a relayed call's recorder writes: a WAV file (8 kHz, 16-bit PCM) of the G.711 audio the
 * session forwards.
 *
 * @param file a new file (it must not exist); its directory must exist
 * @param dual true: leg A on the left channel, leg B on the right; false: both mixed into one channel
 * @param trimSilence true: leading and trailing silence is cut when the recording ends (Twilio's
 *     {@code trim-silence})
 */
public record RecordingOptions(Path file, boolean dual, boolean trimSilence) {
    public RecordingOptions {
        Objects.requireNonNull(file, "file");
    }

    public int channels() {
        return dual ? 2 : 1;
    }
}
