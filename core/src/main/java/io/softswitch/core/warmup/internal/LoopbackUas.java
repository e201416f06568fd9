package io.softswitch.core.warmup.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The carrier of the warm-up's calls: a UDP endpoint on a loopback ephemeral port that answers every
 * INVITE at once with {@code 200 OK} and an SDP answer (as the signalling bench's SIPp UAS does), takes
 * the ACK, and answers BYE (and anything else) with {@code 200 OK}. Stateless: a retransmitted INVITE
 * gets the same answer (the To tag comes from the Call-ID). One thread; {@link #close} stops it.
 */
public final class LoopbackUas implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger invites = new AtomicInteger();

    private LoopbackUas(DatagramSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::serve, "warmup-uas");
        this.thread.setDaemon(true);
    }

    /** Binds {@code address}:0 and starts answering. */
    public static LoopbackUas start(InetAddress address) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(address, 0));
        LoopbackUas uas = new LoopbackUas(s);
        uas.thread.start();
        return uas;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** INVITEs answered so far (retransmissions included). */
    public int invites() {
        return invites.get();
    }

    private void serve() {
        byte[] buf = new byte[65_535];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                in.setLength(buf.length);
                socket.receive(in);
                SipText m = SipText.parse(new String(in.getData(), 0, in.getLength(), StandardCharsets.ISO_8859_1));
                if (m == null || m.isResponse() || m.method().equals("ACK")) {
                    continue;
                }
                byte[] out = answer(m).getBytes(StandardCharsets.ISO_8859_1);
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException | RuntimeException e) {
                // a datagram we cannot read or answer: dropped, as the switch's retransmission decides
            }
        }
    }

    private String answer(SipText request) {
        boolean invite = request.method().equals("INVITE");
        StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String via : request.lines("via", "v")) {
            sb.append(via).append("\r\n");
        }
        for (String rr : request.lines("record-route", "record-route")) {
            sb.append(rr).append("\r\n");
        }
        String to = request.value("to", "t");
        if (invite && to != null && !to.contains(";tag=")) {
            to = to + ";tag=w" + Integer.toHexString(String.valueOf(request.callId()).hashCode());
        }
        sb.append("From: ").append(request.value("from", "f")).append("\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Call-ID: ").append(request.callId()).append("\r\n")
                .append("CSeq: ").append(request.value("cseq", "cseq")).append("\r\n");
        if (!invite) {
            return sb.append("Content-Length: 0\r\n\r\n").toString();
        }
        invites.incrementAndGet();
        InetSocketAddress self = address();
        String sdp = SipText.sdp("uas", self.getAddress(), self.getPort());
        return sb.append("Contact: <sip:uas@").append(SipText.host(self.getAddress())).append(':').append(self.getPort())
                .append(">\r\n")
                .append("Content-Type: application/sdp\r\n")
                .append("Content-Length: ").append(sdp.length()).append("\r\n\r\n")
                .append(sdp).toString();
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
