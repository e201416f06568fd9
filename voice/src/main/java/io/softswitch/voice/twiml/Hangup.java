package io.softswitch.voice.twiml;

/** {@code <Hangup/>}: end the call. */
public record Hangup() implements Verb {}
