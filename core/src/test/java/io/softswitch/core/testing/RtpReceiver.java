package io.softswitch.core.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;

/**
 * A test peer's media: reads the RTP that arrives at a loopback socket on a daemon thread and
 * hands each packet to a {@link Handler} (which may answer through the socket), until
 * {@link #stop()} or the socket closes.
 */
public final class RtpReceiver {
    private final DatagramSocket socket;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean stop;

    /** What a test does with each packet; {@code packet}'s buffer is reused for the next one. */
    @FunctionalInterface
    public interface Handler {
        void packet(DatagramSocket socket, DatagramPacket packet) throws IOException;
    }

    private RtpReceiver(DatagramSocket socket, Handler handler, String name) {
        this.socket = socket;
        this.handler = handler;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Starts reading {@code socket} (polled every 200 ms for {@link #stop()}) on a thread named {@code name}. */
    public static RtpReceiver start(DatagramSocket socket, String name, Handler handler) throws IOException {
        socket.setSoTimeout(200);
        RtpReceiver receiver = new RtpReceiver(socket, handler, name);
        receiver.thread.start();
        return receiver;
    }

    /** Stops reading and waits (at most 2 s) for the packet in hand to be handled. */
    public void stop() throws InterruptedException {
        stop = true;
        thread.join(2000);
    }

    private void run() {
        byte[] buf = new byte[2048];
        while (!stop) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                handler.packet(socket, p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
        }
    }
}
