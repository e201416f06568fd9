package io.softswitch.core.security;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A carrier gateway that is only a raw UDP socket: it records the Request-URI user of every INVITE
 * it receives and refuses it with {@code 486 Busy Here} (OPTIONS get {@code 200}), so a test can
 * assert exactly which calls the softswitch let through. One thread; close it to stop.
 */
public final class CountingCarrier implements AutoCloseable {
    private static final Pattern RURI_USER = Pattern.compile("^INVITE sips?:([^@;> ]+)@");

    private final DatagramSocket socket;
    private final List<String> invites = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public CountingCarrier() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "counting-carrier");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** The dialed users of every INVITE received so far, retransmissions included. */
    public List<String> invites() {
        return List.copyOf(invites);
    }

    /** How many INVITEs carried {@code user} in their Request-URI. */
    public long invitesFor(String user) {
        return invites.stream().filter(user::equals).count();
    }

    private void serve() {
        byte[] buf = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                continue;
            }
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            String answer = null;
            if (msg.startsWith("INVITE ")) {
                Matcher m = RURI_USER.matcher(msg);
                invites.add(m.find() ? m.group(1) : "");
                answer = SipText.response(msg, "486 Busy Here", "busy");
            } else if (msg.startsWith("OPTIONS ")) {
                answer = SipText.response(msg, "200 OK", null);
            }
            if (answer != null) {
                byte[] out = answer.getBytes(StandardCharsets.ISO_8859_1);
                try {
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                } catch (IOException e) {
                    // the daemon retransmits; nothing to do
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
