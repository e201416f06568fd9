package io.softswitch.voice.twiml;

import java.net.URI;

/** {@code <Redirect method>url</Redirect>}: continue with the TwiML fetched from {@code url}. */
public record Redirect(URI url, HttpMethod method) implements Verb {}
