package io.softswitch.voice.twiml;

import java.util.List;

/** A parsed {@code <Response>}: its verbs in order, and the 12200 warnings for what was ignored. */
public record TwimlDocument(List<Verb> verbs, List<TwimlError> warnings) {
    public TwimlDocument {
        verbs = List.copyOf(verbs);
        warnings = List.copyOf(warnings);
    }
}
