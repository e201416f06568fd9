package io.softswitch.sip;

import java.util.Objects;

/** One header line to add to a message we send, e.g. {@code Retry-After: 5}. */
public record SipHeader(String name, String value) {
    public SipHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.indexOf(':') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header: " + name + ": " + value + " (expected: a single header line)");
        }
    }
}
