package io.softswitch.voice.tts;

/** Speech could not be produced: the engine is missing or failed. The message says which and how to fix it. */
public final class TtsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TtsException(String message, Throwable cause) {
        super(message, cause);
    }

    public TtsException(String message) {
        super(message);
    }
}
