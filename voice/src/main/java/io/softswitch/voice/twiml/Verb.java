package io.softswitch.voice.twiml;

/**
 * One TwiML verb of a {@code <Response>}, in document order. The set is closed: the verbs this
 * switch executes. Others are refused by the parser with {@link TwimlError#DOCUMENT_PARSE_FAILURE}.
 */
public sealed interface Verb permits Verb.Prompt, Gather, Dial, Record, Hangup, Reject, Redirect {

    /** Verbs that may be nested in {@code <Gather>} (they stop at the caller's first digit). */
    sealed interface Prompt extends Verb permits Say, Play, Pause {}
}
