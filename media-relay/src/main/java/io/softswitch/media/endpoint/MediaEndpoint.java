package io.softswitch.media.endpoint;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One RTP stream the switch terminates: it sends audio and digits to the far end and hears its
 * digits and audio. Methods may be called from any thread and return at once; completions run on
 * the endpoint's event loop (hand work off, never block there).
 */
public interface MediaEndpoint extends AutoCloseable {

    /** The local RTP address to put in the SDP. */
    InetSocketAddress localAddress();

    /** Where to send RTP (from the far end's SDP). Until set, the first packet heard latches it. */
    void remote(InetSocketAddress remote);

    /** Queues 8 kHz 16-bit mono audio after what is already queued; {@code done} runs once the last frame is sent. */
    void play(short[] pcm8k, Runnable done);

    /** Drops queued audio and digits (a digit barged in); their completions never run. */
    void stopPlayback();

    /**
     * Queues DTMF digits as RFC 4733 telephone-events ({@code 0-9 * # A-D}; {@code w} waits 500 ms);
     * {@code done} runs after the last one.
     */
    void sendDigits(String digits, Runnable done);

    /**
     * Starts recording what the far end sends (at most {@code maxLength}; later audio is dropped);
     * completes once frames arriving from now on are recorded.
     */
    default CompletionStage<Void> startRecording(Duration maxLength) {
        return startRecording(maxLength, Duration.ZERO, () -> {});
    }

    /**
     * As {@link #startRecording(Duration)}, and runs {@code onSilence} once when the far end has
     * sent no voice for {@code silence} (TwiML {@code <Record timeout>}; zero disables): frames
     * quieter than {@link #VOICE_RMS} and missing frames (DTX) both count as silence. The recording
     * goes on until {@link #stopRecording()}.
     */
    CompletionStage<Void> startRecording(Duration maxLength, Duration silence, Runnable onSilence);

    /**
     * The RMS level (16-bit scale) above which a received frame is voice: 256, about -42 dBov,
     * well above G.711's idle-channel noise and below quiet speech.
     */
    int VOICE_RMS = 256;

    /** Stops recording; completes with the audio as a WAV file (8 kHz, 16-bit, mono PCM). */
    CompletionStage<byte[]> stopRecording();

    /** Releases the socket; queued completions never run. */
    @Override
    void close();
}
