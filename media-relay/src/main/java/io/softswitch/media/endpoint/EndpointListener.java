package io.softswitch.media.endpoint;

/**
 * What an endpoint hears. Called on the endpoint's event loop: hand work off, never block.
 */
public interface EndpointListener {
    EndpointListener NONE = new EndpointListener() {};

    /** A DTMF digit the far end sent as RFC 4733 events (reported once, at its end). */
    default void digit(char digit) {}

    /**
     * A frame of the far end's audio, decoded to 8 kHz 16-bit mono (a TwiML {@code <Dial>} bridges
     * two endpoints with it). The array is the listener's to keep.
     */
    default void audio(short[] pcm8k) {}
}
