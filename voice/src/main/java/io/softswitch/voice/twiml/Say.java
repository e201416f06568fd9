package io.softswitch.voice.twiml;

/**
 * {@code <Say voice language loop>text</Say>}: speak {@code text} {@code loop} times ({@code 0}
 * means "until the call ends", capped at {@link #MAX_LOOP} as Twilio does).
 */
public record Say(String text, String voice, String language, int loop) implements Verb.Prompt {
    public static final int MAX_LOOP = 1000;
    public static final String DEFAULT_VOICE = "man";
    public static final String DEFAULT_LANGUAGE = "en-US";

    public Say {
        text = text == null ? "" : text.strip();
        voice = voice == null ? DEFAULT_VOICE : voice;
        language = language == null ? DEFAULT_LANGUAGE : language;
    }

    /** How many times the text is spoken. */
    public int repetitions() {
        return loop == 0 ? MAX_LOOP : loop;
    }
}
