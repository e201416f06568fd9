package io.softswitch.voice.tts;

import java.util.concurrent.CompletionStage;

/**
 * Turns text into 8 kHz audio without blocking the caller. Failures complete the stage with a
 * {@link TtsException} naming the cause (engine missing, engine error).
 */
public interface SpeechSynthesizer {

    /**
     * @param voice a TwiML {@code voice} ({@code man}, {@code woman}, {@code alice}, ...)
     * @param language a TwiML {@code language} ({@code en-US}, {@code fr-FR}, ...)
     */
    CompletionStage<PcmAudio> synthesize(String text, String voice, String language);
}
