package io.softswitch.voice.twiml;

/** What a {@code <Dial>} calls. */
public sealed interface DialTarget {

    /** {@code <Number>+14155550100</Number>}: routed through the dial plan like any termination. */
    record Number(String number) implements DialTarget {}

    /**
     * {@code <Sip username password>sip:alice@example.com</Sip>}: a SIP URI, with digest
     * credentials for a challenge when given.
     */
    record Sip(String uri, String username, String password) implements DialTarget {
        @Override
        public String toString() {
            return "Sip[uri=" + uri + ", username=" + username + ", password=" + (password == null ? null : "***") + "]";
        }
    }
}
