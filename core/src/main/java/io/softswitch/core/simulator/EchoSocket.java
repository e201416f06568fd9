package io.softswitch.core.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket that sends every datagram back to where it came from: the simulator's media for
 * all calls (each call's relay port is a distinct source, so echoes never cross calls). One thread,
 * one reused buffer.
 */
final class EchoSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EchoSocket.class);

    private final DatagramChannel channel;
    private final Thread thread;
    private volatile long echoed;

    EchoSocket(String host) throws IOException {
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(host, 0));
        thread = new Thread(this::loop, "simulator-echo");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long echoed() {
        return echoed;
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        while (channel.isOpen()) {
            try {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                if (from == null) {
                    continue;
                }
                buf.flip();
                channel.send(buf, from);
                echoed++;
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.debug("echo socket: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing echo socket: {}", e.toString());
        }
    }
}
