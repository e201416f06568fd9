package io.softswitch.media.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A real UDP endpoint on loopback standing in for a phone, PBX or carrier. */
public final class RtpPeer implements AutoCloseable {
    private final DatagramSocket socket;

    public RtpPeer(String address) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0));
            socket.setSoTimeout(2000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RtpPeer() {
        this("127.0.0.1");
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String ip() {
        return address().getAddress().getHostAddress();
    }

    public void send(byte[] data, int port) {
        send(data, InetAddress.getLoopbackAddress(), port);
    }

    public void send(byte[] data, InetAddress address, int port) {
        try {
            socket.send(new DatagramPacket(data, data.length, address, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to two seconds for a datagram; fails the test when none comes. */
    public Received receive() {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram within 2 s on " + address());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Received(Arrays.copyOf(buffer, packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
    }

    /** Waits up to {@code timeout} for a datagram; null when none came. */
    public Received poll(java.time.Duration timeout) {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            try {
                socket.receive(packet);
            } finally {
                socket.setSoTimeout(2000);
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Received(Arrays.copyOf(buffer, packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
    }

    /** A datagram and where it came from. */
    public record Received(byte[] data, InetSocketAddress from) {
        public int sequence() {
            return ByteBuffer.wrap(data).getShort(2) & 0xFFFF;
        }
    }

    /** An RTP packet: V=2, the given payload type, sequence, timestamp, SSRC and payload size. */
    public static byte[] rtp(int payloadType, int sequence, long timestamp, int ssrc, int payloadSize) {
        ByteBuffer b = ByteBuffer.allocate(12 + payloadSize);
        b.put((byte) 0x80).put((byte) payloadType).putShort((short) sequence).putInt((int) timestamp).putInt(ssrc);
        for (int i = 0; i < payloadSize; i++) {
            b.put((byte) (sequence + i));
        }
        return b.array();
    }

    /** A PCMU packet of 160 samples (172 bytes), timestamp = sequence * 160. */
    public static byte[] pcmu(int sequence, int ssrc) {
        return rtp(0, sequence, sequence * 160L, ssrc, 160);
    }

    /** An RTCP receiver report without report blocks (RFC 3550 section 6.4.2). */
    public static byte[] rtcpReceiverReport(int ssrc) {
        return ByteBuffer.allocate(8).put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(ssrc).array();
    }

    @Override
    public void close() {
        socket.close();
    }
}
