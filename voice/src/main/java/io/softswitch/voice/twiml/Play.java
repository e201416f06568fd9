package io.softswitch.voice.twiml;

import java.net.URI;

/**
 * {@code <Play loop digits>url</Play>}: play the audio at {@code url} {@code loop} times, or, with
 * {@code digits} and no URL, send those DTMF digits ({@code w} = half a second pause).
 *
 * @param url the audio, or {@code null} when only digits are sent
 * @param digits DTMF to send, or {@code null}
 */
public record Play(URI url, int loop, String digits) implements Verb.Prompt {

    /** How many times the audio is played ({@code 0} means up to {@link Say#MAX_LOOP}). */
    public int repetitions() {
        return loop == 0 ? Say.MAX_LOOP : loop;
    }
}
