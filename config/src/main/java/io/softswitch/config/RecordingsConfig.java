package io.softswitch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Call recordings ({@code recordings:}): where the WAV files live, how long they are kept and the
 * free space below which no new recording starts.
 *
 * @param dir            ({@code dir}) the directory of the WAV files, created at start; a relative
 *                       path is under the daemon's data directory (default {@code data/recordings})
 * @param retention      ({@code retention_days}) a recording older than this is deleted, file and row
 *                       (0 = kept until deleted through the API)
 * @param minFreeBytes   ({@code min_free_mb}) below this free space on {@code dir}'s file system new
 *                       recordings do not start (WARN, metric {@code recordings_refused_total}) and
 *                       the calls go on unrecorded
 */
public record RecordingsConfig(Path dir, Duration retention, long minFreeBytes) {
    public static final RecordingsConfig DEFAULT = new RecordingsConfig(Path.of("recordings"), Duration.ZERO,
            512L * 1024 * 1024);

    public RecordingsConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(retention, "retention");
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("minFreeBytes: " + minFreeBytes + " (expected: >= 0)");
        }
    }
}
