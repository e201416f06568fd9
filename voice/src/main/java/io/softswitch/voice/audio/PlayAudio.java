package io.softswitch.voice.audio;

import io.softswitch.voice.tts.PcmAudio;
import io.softswitch.voice.twiml.TwimlError;

/** What fetching a {@code <Play>} URL gave: audio, or an error to note on the call (the document goes on). */
public sealed interface PlayAudio {

    record Loaded(PcmAudio audio) implements PlayAudio {}

    record Failed(TwimlError error) implements PlayAudio {}
}
