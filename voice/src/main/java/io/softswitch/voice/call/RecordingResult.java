package io.softswitch.voice.call;

import java.net.URI;
import java.time.Duration;

/**
 * A finished {@code <Record>}: sent to its action URL as {@code RecordingUrl},
 * {@code RecordingSid}, {@code RecordingDuration}.
 *
 * @param url where the WAV is served, or {@code null} when nothing was recorded
 */
public record RecordingResult(String sid, URI url, Duration duration) {}
