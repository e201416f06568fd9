package io.softswitch.voice.twiml;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code <Gather input="dtmf" numDigits timeout finishOnKey action method actionOnEmptyResult>}
 * with nested prompts that stop at the caller's first digit.
 *
 * @param numDigits digits that end the gather; {@code 0} when unlimited
 * @param timeout silence after the prompts (or between digits) that ends the gather
 * @param finishOnKey the key that ends input (not included in {@code Digits}); empty for none
 * @param action where the digits go; {@code null} means the current document's URL
 * @param actionOnEmptyResult request {@code action} even without digits (else fall through)
 */
public record Gather(
        int numDigits,
        Duration timeout,
        String finishOnKey,
        URI action,
        HttpMethod method,
        boolean actionOnEmptyResult,
        List<Verb.Prompt> prompts)
        implements Verb {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_FINISH_ON_KEY = "#";

    public Gather {
        prompts = List.copyOf(prompts);
    }
}
