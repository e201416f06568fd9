package io.softswitch.media;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished relay recording.
 *
 * @param file the WAV file
 * @param channels 1 (mixed) or 2 (leg A left, leg B right)
 * @param duration the audio in the file
 * @param bytes the file's size
 * @param error why writing stopped early (disk full, I/O error, writer backlog), or {@code null}
 */
public record RecordingResult(Path file, int channels, Duration duration, long bytes, String error) {
    public boolean failed() {
        return error != null;
    }
}
