package io.softswitch.core.conformance;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A raw SIP-over-UDP peer on loopback for torture tests: sends exact bytes, reads whatever comes
 * back (status code and Call-ID), and checks liveness with a fresh OPTIONS.
 */
final class UdpSipClient implements AutoCloseable {
    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");
    private static final Pattern CALL_ID = Pattern.compile("(?im)^(?:call-id|i)[ \\t]*:[ \\t]*(\\S+)");

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final byte[] buffer = new byte[65535];

    UdpSipClient(int targetPort) throws IOException {
        this(targetPort, "127.0.0.1");
    }

    /** A client sending from {@code localAddress} (any 127.x.y.z: each is a distinct source to the daemon). */
    UdpSipClient(int targetPort, String localAddress) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, target));
    }

    /** The next datagram received within {@code timeout}, if any. */
    Optional<Received> receive(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        return Optional.of(Received.of(new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1)));
    }

    /** Waits for a response carrying {@code callId}, skipping others; empty on timeout. */
    Optional<Received> awaitResponse(String callId, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<Received> r = receive(Duration.ofNanos(left));
            if (r.isEmpty()) {
                return r;
            }
            if (callId.equals(r.get().callId())) {
                return r;
            }
        }
    }

    /**
     * Sends a fresh OPTIONS and returns the status of its answer, retransmitting like a UAC (RFC 3261
     * §17.1.2.2 timer E) until {@code timeout}; empty when the daemon stays silent.
     */
    Optional<Integer> options(Duration timeout) throws IOException {
        return options(timeout, "");
    }

    /** As {@link #options(Duration)}, with extra header lines (each ending in CRLF). */
    Optional<Integer> options(Duration timeout, String extraHeaders) throws IOException {
        return optionsAnswer(timeout, extraHeaders).map(Received::status);
    }

    /** The final answer to a fresh OPTIONS carrying {@code extraHeaders}, retransmitted until {@code timeout}. */
    Optional<Received> optionsAnswer(Duration timeout, String extraHeaders) throws IOException {
        String callId = "live-" + UUID.randomUUID();
        byte[] options = ("OPTIONS sip:probe@127.0.0.1:" + target.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + socket.getLocalAddress().getHostAddress() + ":" + localPort()
                + ";branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                + "Max-Forwards: 70\r\n"
                + extraHeaders
                + "From: <sip:probe@127.0.0.1>;tag=" + Long.toHexString(System.nanoTime()) + "\r\n"
                + "To: <sip:probe@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = 500;
        while (System.nanoTime() < deadline) {
            send(options);
            Optional<Received> r = awaitResponse(callId, Duration.ofMillis(interval));
            if (r.isPresent() && r.get().status() >= 200) {
                return r;
            }
            interval = Math.min(interval * 2, 4000);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        socket.close();
    }

    /** A datagram from the daemon: its status code (0 for a request) and Call-ID. */
    record Received(int status, String callId, String text) {
        static Received of(String text) {
            Matcher s = STATUS.matcher(text);
            Matcher c = CALL_ID.matcher(text);
            return new Received(s.find() ? Integer.parseInt(s.group(1)) : 0, c.find() ? c.group(1) : "", text);
        }

        String header(String name) {
            Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + "[ \\t]*:[ \\t]*(.*?)\\r?$").matcher(text);
            return m.find() ? m.group(1) : null;
        }
    }
}
