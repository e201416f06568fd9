package io.softswitch.core.e2e;

import io.softswitch.core.testing.Sipp;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SIPp peers of the end-to-end tests, with the scenario keys they need set to plain defaults. */
final class Peers {
    static final String DIALED = "+14155550100";
    private static final Pattern HOST_PORT = Pattern.compile("SIP/2\\.0/\\w+ ([^;\\s]+)");

    private Peers() {
    }

    /** A PBX running {@code uac-final.xml} or {@code uac-auth.xml}: Request-URI host 127.0.0.1, Max-Forwards 70. */
    static Sipp pbx(String scenario, String dialed) {
        return Sipp.scenario(scenario).arg("-s", dialed).key("domain", "127.0.0.1").key("max_forwards", "70");
    }

    /** A carrier gateway on {@code port} refusing every call with 486 Busy Here. */
    static Sipp busy(int port) {
        return Sipp.scenario("uas-busy.xml").localPort(port);
    }

    /** A carrier gateway on {@code port} that answers with its media at {@code rtp} and waits for the switch's BYE. */
    static Sipp answering(int port, java.net.DatagramSocket rtp) {
        return Sipp.scenario("uas-answer-media.xml").localPort(port).key("rtp_port", Integer.toString(rtp.getLocalPort()));
    }

    /** A carrier gateway on {@code port} refusing every call with 503 Service Unavailable. */
    static Sipp unavailable(int port) {
        return Sipp.scenario("uas-unavailable.xml").localPort(port);
    }

    /** The {@code FINAL} lines a {@code uac-final}/{@code uac-auth} PBX logged: status code and reason per call. */
    static java.util.List<String> finals(Sipp.Result pbx) {
        return pbx.logged("FINAL");
    }

    /** Waits until no call is active (for outcomes that are not counted as calls, like a 407). */
    static void awaitIdle(E2eDaemon d) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> d.daemon.engine().activeCalls() == 0);
    }

    /** {@code host:port} of the top Via of a message. */
    static String viaHostPort(Sipp.Message m) {
        Matcher v = HOST_PORT.matcher(m.header("Via").orElseThrow());
        if (!v.find()) {
            throw new AssertionError("no Via host in " + m.text());
        }
        return v.group(1);
    }

    /** The tag parameter of a From/To value, or null. */
    static String tag(String headerValue) {
        Matcher t = Pattern.compile(";\\s*tag=([^;\\s>]+)").matcher(headerValue);
        return t.find() ? t.group(1) : null;
    }
}
