package io.softswitch.core.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds loopback ports that are free for both UDP and TCP, as a SIP listener needs. */
public final class FreePorts {
    private FreePorts() {
    }

    /**
     * A YAML {@code media:} block with a random 200-port relay range below the kernel's ephemeral
     * range, so that test daemons (and other daemons on a shared machine) do not contend for the
     * default 20000+ range. The relay skips ports that turn out to be taken.
     */
    public static String mediaBlock() {
        int base = 10000 + 2 * ThreadLocalRandom.current().nextInt(0, 4900);
        return "media:\n  port_min: " + base + "\n  port_max: " + (base + 199) + "\n";
    }

    public static int udpAndTcp() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(30000, 60000);
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException e) {
                // taken, try another
            }
        }
        throw new IllegalStateException("no free UDP+TCP port found on loopback");
    }

    /**
     * A SIPp media port ({@code -mp}): an even port with it and the next three free on UDP (SIPp binds
     * audio RTP and RTCP there, and video at +2 and +3), between 30000 and the kernel's ephemeral range
     * (32768 on): a port picked inside that range can be taken by any outgoing connection (JDBC, HTTP,
     * Redis) between the check and SIPp's bind, which failed a call with "Unable to bind audio RTP
     * socket ... Address already in use".
     */
    public static int sippMedia() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 30000 + 2 * ThreadLocalRandom.current().nextInt(0, 1380);
            if (udpFree(port, 4)) {
                return port;
            }
        }
        throw new IllegalStateException("no 4 free UDP ports in a row found on loopback in 30000-32767");
    }

    private static boolean udpFree(int first, int count) {
        DatagramSocket[] held = new DatagramSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                held[i] = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), first + i));
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            for (DatagramSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
