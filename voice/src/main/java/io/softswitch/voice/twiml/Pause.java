package io.softswitch.voice.twiml;

import java.time.Duration;

/** {@code <Pause length>}: silence for {@code length} (Twilio's default 1 s). */
public record Pause(Duration length) implements Verb.Prompt {
    public static final Duration DEFAULT_LENGTH = Duration.ofSeconds(1);
}
