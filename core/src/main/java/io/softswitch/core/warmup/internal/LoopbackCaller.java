package io.softswitch.core.warmup.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The PBX of the warm-up's calls: a UDP socket on a loopback (or the listener's own local) address
 * that places one call at a time to the switch's listener as the signalling bench's SIPp UAC does:
 * INVITE with SDP, 100/200, ACK, BYE, 200 (RFC 3261 §17.1.1 and §13.2.2.4: INVITE retransmitted until
 * a response, non-2xx acknowledged in the transaction, 2xx acknowledged end to end and again for
 * each retransmitted 2xx). Every INVITE carries {@code extraHeader}, the warm-up's per-boot secret.
 * Not thread-safe: one caller per thread.
 */
public final class LoopbackCaller implements AutoCloseable {
    /** Retransmission interval T1 (RFC 3261 §17.1.1.2), doubled up to {@link #T2}. */
    private static final long T1 = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long T2 = TimeUnit.SECONDS.toNanos(4);
    private static final String CALLED = "+14155550100";
    private static final String CALLING = "+14155550199";

    /**
     * How one call went.
     *
     * @param status     the INVITE's final status (408 when none came in time), or the BYE's when the
     *                   call was answered but its BYE was not
     * @param setupNanos INVITE sent to 200 received; 0 when not answered
     * @param relayed    the answer's SDP names another media port than the callee offered (the relay's)
     */
    public record Outcome(int status, long setupNanos, boolean relayed) {
        public boolean completed() {
            return status == 200;
        }
    }

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final String extraHeader;
    private final String localHost;
    private final int localPort;
    private final byte[] buf = new byte[65_535];

    private LoopbackCaller(DatagramSocket socket, InetSocketAddress target, String extraHeader) {
        this.socket = socket;
        this.target = target;
        this.extraHeader = extraHeader;
        InetSocketAddress self = (InetSocketAddress) socket.getLocalSocketAddress();
        this.localHost = SipText.host(self.getAddress());
        this.localPort = self.getPort();
    }

    /** Binds {@code local}:0; calls go to {@code target} with {@code extraHeader} ({@code Name: value}) in each INVITE. */
    public static LoopbackCaller open(InetAddress local, InetSocketAddress target, String extraHeader)
            throws IOException {
        return new LoopbackCaller(new DatagramSocket(new InetSocketAddress(local, 0)), target, extraHeader);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Places one call and hangs it up at once; gives up after {@code timeoutNanos} per transaction. */
    public Outcome call(long timeoutNanos) throws IOException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String callId = "warmup-" + Long.toHexString(r.nextLong()) + "@" + localHost;
        String fromTag = Long.toHexString(r.nextLong());
        String ruri = "sip:" + CALLED + "@" + SipText.host(target.getAddress()) + ":" + target.getPort();
        String inviteBranch = branch();
        String sdp = SipText.sdp("warmup", address().getAddress(), localPort);
        String invite = "INVITE " + ruri + " SIP/2.0\r\n"
                + via(inviteBranch)
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + CALLING + "@" + localHost + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:" + CALLED + "@" + SipText.host(target.getAddress()) + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:warmup@" + localHost + ":" + localPort + ">\r\n"
                + "User-Agent: softswitch-warmup\r\n"
                + extraHeader + "\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        long t0 = System.nanoTime();
        SipText answer = transaction(invite, callId, "INVITE", t0 + timeoutNanos, null);
        if (answer == null) {
            return new Outcome(408, 0, false);
        }
        long setup = System.nanoTime() - t0;
        String to = answer.value("to", "t");
        if (answer.status() >= 300) {
            // RFC 3261 §17.1.1.3: the ACK of a non-2xx is part of the INVITE transaction (same branch).
            send(ack(ruri, inviteBranch, fromTag, to, callId));
            return new Outcome(answer.status(), 0, false);
        }
        String contact = answer.uriOf("contact", "m");
        String dialogUri = contact != null ? contact : ruri;
        String ack = ack(dialogUri, branch(), fromTag, to, callId);
        send(ack);
        int port = answer.audioPort();
        boolean relayed = port > 0 && port != localPort;
        String bye = "BYE " + dialogUri + " SIP/2.0\r\n"
                + via(branch())
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + CALLING + "@" + localHost + ">;tag=" + fromTag + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 2 BYE\r\n"
                + "Content-Length: 0\r\n\r\n";
        SipText byeAnswer = transaction(bye, callId, "BYE", System.nanoTime() + timeoutNanos, ack);
        int byeStatus = byeAnswer == null ? 408 : byeAnswer.status();
        return new Outcome(byeStatus >= 200 && byeStatus < 300 ? 200 : byeStatus, setup, relayed);
    }

    /**
     * Sends {@code request} and returns its final response, or null at {@code deadline}. The request
     * is retransmitted until a response comes (T1 doubling to T2); a 2xx to the INVITE arriving again
     * meanwhile is acknowledged again with {@code ack}.
     */
    private SipText transaction(String request, String callId, String method, long deadline, String ack)
            throws IOException {
        send(request);
        long interval = T1;
        long next = System.nanoTime() + interval;
        boolean provisional = false;
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                return null;
            }
            long until = provisional ? deadline : Math.min(deadline, next);
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now)));
            try {
                in.setLength(buf.length);
                socket.receive(in);
            } catch (SocketTimeoutException e) {
                if (!provisional && System.nanoTime() >= next) {
                    send(request);
                    interval = Math.min(interval * 2, T2);
                    next = System.nanoTime() + interval;
                }
                continue;
            }
            SipText m = SipText.parse(new String(in.getData(), 0, in.getLength(), StandardCharsets.ISO_8859_1));
            if (m == null || !m.isResponse() || !callId.equals(m.callId())) {
                continue;
            }
            String cseq = m.cseqMethod();
            if (ack != null && "INVITE".equals(cseq) && m.status() >= 200 && m.status() < 300) {
                send(ack);
                continue;
            }
            if (!method.equals(cseq)) {
                continue;
            }
            if (m.status() < 200) {
                provisional = true;
                continue;
            }
            return m;
        }
    }

    private String ack(String uri, String branch, String fromTag, String to, String callId) {
        return "ACK " + uri + " SIP/2.0\r\n"
                + via(branch)
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + CALLING + "@" + localHost + ">;tag=" + fromTag + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 ACK\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private String via(String branch) {
        return "Via: SIP/2.0/UDP " + localHost + ":" + localPort + ";branch=" + branch + ";rport\r\n";
    }

    /** An RFC 3261 §8.1.1.7 branch: the magic cookie and a random part. */
    private static String branch() {
        return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private void send(String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(b, b.length, target));
    }

    @Override
    public void close() {
        socket.close();
    }
}
