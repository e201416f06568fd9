package io.softswitch.core.security;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PBX over raw UDP from any loopback address: sends an INVITE with SDP, ACKs every final
 * response, and answers one digest challenge (RFC 3261 §22.2, RFC 7616 §3.4 with {@code qop=auth},
 * the first challenge whose algorithm it knows) when it has credentials. Written independently of
 * the daemon's digest code, so the two check each other.
 */
public final class RawPbx implements AutoCloseable {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))");

    private final DatagramSocket socket;
    private final InetSocketAddress daemon;
    private final String localIp;
    private Duration timeout = Duration.ofSeconds(8);

    public RawPbx(String localIp, int daemonPort) throws IOException {
        this.localIp = localIp;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localIp), 0));
        this.daemon = new InetSocketAddress(InetAddress.getLoopbackAddress(), daemonPort);
    }

    /** How long a transaction may wait for its final response before the call ends {@code "timeout"}. */
    public RawPbx timeout(Duration t) {
        timeout = t;
        return this;
    }

    /** Credentials to answer a challenge with; {@code null} for a PBX that has none. */
    public record Credentials(String user, String password) {
    }

    /**
     * Places one call to {@code sip:dialed@domain} and returns the final status line it ended with
     * (e.g. {@code 407 Proxy Authentication Required} when challenged without credentials), or
     * {@code "timeout"}.
     */
    public String call(String domain, String dialed, Credentials credentials) throws IOException {
        List<String> finals = exchange(domain, dialed, credentials);
        String last = finals.get(finals.size() - 1);
        return last == null ? "timeout" : SipText.statusLine(last);
    }

    /**
     * Like {@link #call}, but returns every final response whole: the first INVITE's, then the
     * authenticated INVITE's when there was a challenge to answer; a {@code null} last element
     * when that transaction got no final response.
     */
    public List<String> exchange(String domain, String dialed, Credentials credentials) throws IOException {
        String callId = UUID.randomUUID() + "@" + localIp;
        String fromTag = Long.toHexString(System.nanoTime());
        String uri = "sip:" + dialed + "@" + domain;
        String response = transact(invite(uri, callId, fromTag, 1, null));
        if (response == null || SipText.status(response) != 407 || credentials == null) {
            return java.util.Collections.singletonList(response);
        }
        String authorization = answer(SipText.headers(response, "Proxy-Authenticate"), uri, credentials);
        if (authorization == null) {
            return List.of(response);
        }
        return java.util.Arrays.asList(response, transact(invite(uri, callId, fromTag, 2, authorization)));
    }

    /**
     * Sends an out-of-dialog {@code method} request (no body) for {@code sip:user@domain} and
     * returns its final response, or null on timeout.
     */
    public String request(String method, String user, String domain) throws IOException {
        String uri = "sip:" + (user == null ? "" : user + "@") + domain;
        String request = method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localIp + ":" + socket.getLocalPort() + ";branch=z9hG4bK" + UUID.randomUUID()
                + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + (user == null ? "pbx" : user) + "@" + domain + ">;tag=" + Long.toHexString(System.nanoTime())
                + "\r\n"
                + "To: <" + uri + ">\r\n"
                + "Call-ID: " + UUID.randomUUID() + "@" + localIp + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Contact: <sip:pbx@" + localIp + ":" + socket.getLocalPort() + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
        return transact(request);
    }

    /** Sends {@code request} (retransmitting every 500 ms), returns its final response after ACKing it. */
    private String transact(String request) throws IOException {
        byte[] out = request.getBytes(StandardCharsets.ISO_8859_1);
        String branch = SipText.header(request, "Via");
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextSend = 0;
        boolean provisional = false;
        byte[] buf = new byte[65535];
        while (System.nanoTime() < deadline) {
            if (!provisional && System.nanoTime() >= nextSend) {
                socket.send(new DatagramPacket(out, out.length, daemon));
                nextSend = System.nanoTime() + Duration.ofMillis(500).toNanos();
            }
            socket.setSoTimeout(100);
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            int status = SipText.status(msg);
            if (status == 0 || !branch.equals(SipText.header(msg, "Via"))) {
                continue; // a request (e.g. an OPTIONS) or a late answer to an earlier transaction
            }
            if (status < 200) {
                provisional = true; // RFC 3261 §17.1.1.2: a provisional stops retransmissions
                continue;
            }
            if (request.startsWith("INVITE ")) {
                byte[] ack = ack(request, msg).getBytes(StandardCharsets.ISO_8859_1);
                socket.send(new DatagramPacket(ack, ack.length, daemon));
            }
            return msg;
        }
        return null;
    }

    private String invite(String uri, String callId, String fromTag, int cseq, String authorization) {
        String sdp = "v=0\r\no=pbx 1 1 IN IP4 " + localIp + "\r\ns=-\r\nc=IN IP4 " + localIp
                + "\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        return "INVITE " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + localIp + ":" + socket.getLocalPort() + ";branch=z9hG4bK" + UUID.randomUUID()
                + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+14155550199@" + localIp + ">;tag=" + fromTag + "\r\n"
                + "To: <" + uri + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " INVITE\r\n"
                + "Contact: <sip:pbx@" + localIp + ":" + socket.getLocalPort() + ">\r\n"
                + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n")
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    /** RFC 3261 §17.1.1.3: the ACK of a non-2xx final response. */
    private static String ack(String invite, String response) {
        String requestLine = invite.substring(0, invite.indexOf("\r\n")).replace("INVITE ", "ACK ");
        String cseq = SipText.header(invite, "CSeq").replace("INVITE", "ACK");
        return requestLine + "\r\n"
                + "Via: " + SipText.header(invite, "Via") + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + SipText.header(invite, "From") + "\r\n"
                + "To: " + SipText.header(response, "To") + "\r\n"
                + "Call-ID: " + SipText.header(invite, "Call-ID") + "\r\n"
                + "CSeq: " + cseq + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** The Proxy-Authorization value for the first challenge with an algorithm we know, or null. */
    private static String answer(List<String> challenges, String uri, Credentials c) {
        for (String challenge : challenges) {
            java.util.Map<String, String> p = new java.util.HashMap<>();
            Matcher m = PARAM.matcher(challenge.replaceFirst("(?i)^Digest\\s+", ""));
            while (m.find()) {
                p.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
            }
            String algorithm = p.getOrDefault("algorithm", "MD5");
            if (!algorithm.equals("MD5") && !algorithm.equals("SHA-256")) {
                continue;
            }
            String realm = p.get("realm");
            String nonce = p.get("nonce");
            String cnonce = Long.toHexString(System.nanoTime());
            String nc = "00000001";
            String ha1 = hex(algorithm, c.user() + ":" + realm + ":" + c.password());
            String ha2 = hex(algorithm, "INVITE:" + uri);
            String response = hex(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
            return "Digest username=\"" + c.user() + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
                    + uri + "\", response=\"" + response + "\", algorithm=" + algorithm + ", cnonce=\"" + cnonce
                    + "\", qop=auth, nc=" + nc;
        }
        return null;
    }

    private static String hex(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
