package io.softswitch.sip;

/** A From/To/P-Asserted-Identity value: optional display name, the URI's user and host. */
public record SipAddress(String displayName, String user, String host) {
}
