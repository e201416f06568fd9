package io.softswitch.core.voice;

import io.softswitch.media.endpoint.EndpointListener;
import io.softswitch.voice.call.TwimlCall;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What a TwiML call's endpoint hears, routed to whoever listens now: digits to the interpreter
 * (once it exists), audio frames to a {@code <Dial>} bridge (while one is up). Called on the
 * endpoint's event loop: both receivers hand work off or are non-blocking.
 */
final class EndpointTaps implements EndpointListener {
    final AtomicReference<TwimlCall> interpreter = new AtomicReference<>();
    final AtomicReference<Consumer<short[]>> audio = new AtomicReference<>();

    @Override
    public void digit(char digit) {
        TwimlCall c = interpreter.get();
        if (c != null) {
            c.onDigit(digit);
        }
    }

    @Override
    public void audio(short[] pcm8k) {
        Consumer<short[]> sink = audio.get();
        if (sink != null) {
            sink.accept(pcm8k);
        }
    }
}
