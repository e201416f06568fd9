package io.softswitch.core.e2e;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A relay port range of a test daemon's own: the other daemons on this machine all start at 20000. */
final class MediaPorts {
    /** 16 sessions' worth (two legs, RTP and RTCP each). */
    static final int SIZE = 64;

    private MediaPorts() {
    }

    /** An even port below Linux's ephemeral range (32768-) whose first pairs are free. */
    static int freeRange(int size) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 30000 + 2 * ThreadLocalRandom.current().nextInt((32768 - 30000 - size) / 2);
            List<DatagramSocket> held = new ArrayList<>();
            try {
                for (int p = base; p < base + 8; p++) {
                    held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p)));
                }
                return base;
            } catch (IOException taken) {
                // try another range
            } finally {
                held.forEach(DatagramSocket::close);
            }
        }
        throw new IOException("no free media port range in 30000-32767");
    }
}
