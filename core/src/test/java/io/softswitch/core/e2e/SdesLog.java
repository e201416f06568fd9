package io.softswitch.core.e2e;

import io.softswitch.core.testing.baresip.Baresip;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SDP a baresip agent exchanged with the switch, read from its SIP trace ({@code -s}: each
 * message is a block {@code #}, {@code <proto> <src> -> <dst>}, the message): the first SDP it
 * received (the switch's offer or answer) and the first it sent, with their SDES lines (RFC 4568
 * section 9.1: {@code a=crypto:<tag> <suite> inline:<key||salt>}).
 */
record SdesLog(String received, String sent) {
    private static final Pattern BLOCK = Pattern.compile("\u001b\\[36;1m#\\R\\S+ \\S+ -> \\S+\\R(.*?)\u001b\\[;m",
            Pattern.DOTALL);
    private static final Pattern CRYPTO = Pattern.compile("a=crypto:(\\d+) (\\S+) inline:([A-Za-z0-9+/=]+)");
    private static final Pattern MEDIA = Pattern.compile("m=audio (\\d+) ");

    /** One {@code a=crypto} line. */
    record Crypto(String tag, String suite, String key) {
    }

    static SdesLog of(Baresip ua) {
        String received = null;
        String sent = null;
        String user = ua.aor().substring(0, ua.aor().indexOf('@') + 1);
        Matcher m = BLOCK.matcher(ua.log());
        while (m.find()) {
            String message = m.group(1);
            int body = message.indexOf("\nv=0");
            if (body < 0) {
                continue;
            }
            String sdp = message.substring(body + 1).replace("\r", "");
            // Addresses do not say who sent it (baresip's TLS connections leave from 127.0.0.1 like
            // the switch's): its own SDP has its user in the RTCP CNAME (RFC 5576 a=ssrc), the
            // account's address in an offer, the Request-URI's in an answer.
            boolean bySelf = sdp.contains("cname:" + user);
            if (bySelf && sent == null) {
                sent = sdp;
            } else if (!bySelf && received == null) {
                received = sdp;
            }
        }
        if (received == null || sent == null) {
            throw new AssertionError("no SDP " + (received == null ? "received" : "sent") + " in the trace of " + ua);
        }
        return new SdesLog(received, sent);
    }

    /** The SDP the switch sent the agent. */
    String offered() {
        return received;
    }

    /** The switch's RTP port towards the agent. */
    int switchMediaPort() {
        Matcher m = MEDIA.matcher(received);
        if (!m.find()) {
            throw new AssertionError("no m=audio in " + received);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The key the switch encrypts with towards the agent (the negotiated tag). */
    Crypto switchCrypto() {
        List<Crypto> theirs = cryptos(received);
        List<Crypto> ours = cryptos(sent);
        if (theirs.size() == 1) {
            return theirs.get(0);
        }
        // The switch offered several: the agent's answer names the one taken.
        String tag = single(ours, sent).tag();
        return theirs.stream().filter(c -> c.tag().equals(tag)).findFirst()
                .orElseThrow(() -> new AssertionError("tag " + tag + " not offered in " + received));
    }

    /** The agent's key for the negotiated {@code tag}. */
    Crypto pbxCrypto(String tag) {
        return cryptos(sent).stream().filter(c -> c.tag().equals(tag)).findFirst()
                .orElseThrow(() -> new AssertionError("no a=crypto:" + tag + " in " + sent));
    }

    private static Crypto single(List<Crypto> cryptos, String sdp) {
        if (cryptos.size() != 1) {
            throw new AssertionError("expected one a=crypto in the answer " + sdp);
        }
        return cryptos.get(0);
    }

    private static List<Crypto> cryptos(String sdp) {
        List<Crypto> out = new ArrayList<>();
        Matcher m = CRYPTO.matcher(sdp);
        while (m.find()) {
            out.add(new Crypto(m.group(1), m.group(2), m.group(3)));
        }
        return out;
    }
}
