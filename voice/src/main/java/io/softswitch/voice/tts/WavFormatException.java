package io.softswitch.voice.tts;

/** A WAV stream this reader cannot decode (not RIFF/WAVE, not PCM, truncated header). */
public final class WavFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public WavFormatException(String message) {
        super(message);
    }
}
