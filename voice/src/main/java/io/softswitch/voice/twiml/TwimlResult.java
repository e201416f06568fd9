package io.softswitch.voice.twiml;

/** What parsing a TwiML document gave: a document, or the error that refused it. Never an exception. */
public sealed interface TwimlResult {

    record Parsed(TwimlDocument document) implements TwimlResult {}

    record Failed(TwimlError error) implements TwimlResult {}
}
