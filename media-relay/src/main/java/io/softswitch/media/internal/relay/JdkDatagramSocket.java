package io.softswitch.media.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.nio.NioIoEvent;
import io.netty.channel.nio.NioIoHandle;
import io.netty.channel.nio.NioIoOps;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.RejectedExecutionException;

/**
 * A relay socket of the {@code jdk} transport ({@link Transport#jdk()}): the JDK's non-blocking
 * {@link DatagramChannel}, registered on a NIO event loop as a bare {@link NioIoHandle}, with no
 * Netty channel, pipeline or envelope around it. Confined to that loop once registered.
 *
 * <p>Why: Netty's datagram channels allocate per datagram (the sender's address and the
 * {@code DatagramPacket} on every read, the address arrays on every native {@code sendto}: about
 * 150 bytes per relayed packet, bench/media/RESULTS.md) and walk the pipeline. The JDK 17 channel
 * allocates nothing in steady state: {@code receive} returns the previous sender's
 * {@link InetSocketAddress} again while it repeats, and {@code send} keeps the previous target's
 * native address while the same {@link InetSocketAddress} object is passed (the latch's). The
 * datagram is received straight into a pooled direct buffer, whose internal NIO view the pool
 * keeps with the memory it recycles. The selector Netty's NIO loop waits in (JDK 17's
 * {@code EPollSelectorImpl}) boxes the file descriptor of each ready socket to look up its key:
 * allocation-free only where the Integer cache covers the descriptors ({@code -XX:AutoBoxCacheMax=65535},
 * as {@code ./softswitch} runs the daemon; {@code JdkTransportAllocationTest}).
 *
 * <p>Reading: each readiness event reads until the socket is empty or {@link DatagramRelay#MAX_READ_BATCH}
 * datagrams, as Netty's channels do. That costs one empty {@code recvfrom} per event, but
 * {@link OverloadControl} relies on it: a datagram read in a pass arrived after its socket was
 * emptied in an earlier one, and a backlog to discard ({@link DatagramRtpHandler#discardNextBatch})
 * is one read batch, since the socket buffer ({@link DatagramRelay#RCVBUF}) holds fewer datagrams.
 */
final class JdkDatagramSocket implements NioIoHandle {
    private final DatagramChannel channel;
    private final DatagramRtpHandler handler;
    private final ByteBufAllocator alloc;
    private final DatagramSender sender;
    private final IoEventLoop loop;
    private IoRegistration registration;

    private JdkDatagramSocket(DatagramChannel channel, IoEventLoop loop, DatagramRtpHandler handler,
            ByteBufAllocator alloc) {
        this.channel = channel;
        this.loop = loop;
        this.handler = handler;
        this.alloc = alloc;
        this.sender = new DatagramSender.Jdk(channel);
    }

    /**
     * Opens and binds a socket on {@code address:port} for {@code loop} (any thread); {@link #register}
     * starts reading it.
     *
     * <p>The socket is the JDK's default kind, dual-stack IPv6 where the host has IPv6 (as Netty's
     * epoll sockets), so a relay bound to {@code ::} serves IPv4 peers too.
     *
     * @throws IOException when the port is taken ({@link java.net.BindException}) or the socket cannot be opened
     */
    static JdkDatagramSocket bind(InetAddress address, int port, IoEventLoop loop, DatagramRtpHandler handler,
            ByteBufAllocator alloc) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, DatagramRelay.RCVBUF);
            channel.bind(new InetSocketAddress(address, port));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new JdkDatagramSocket(channel, loop, handler, alloc);
    }

    DatagramSender sender() {
        return sender;
    }

    /** Registers the socket on its loop and starts reading it; runs on the loop. */
    void register() throws Exception {
        assert loop.inEventLoop();
        // On its own loop the registration is done when register returns.
        Future<IoRegistration> registered = loop.register(this);
        if (!registered.isSuccess()) {
            Throwable cause = registered.cause();
            throw cause instanceof Exception e ? e : new IllegalStateException("not registered", cause);
        }
        registration = registered.getNow();
        registration.submit(NioIoOps.READ);
    }

    @Override
    public SelectableChannel selectableChannel() {
        return channel;
    }

    /**
     * Stops (false) or resumes reading, with a kernel receive buffer of {@code rcvbuf} bytes from now
     * on; on the loop. The kernel keeps queueing up to that buffer meanwhile.
     */
    void reading(boolean on, int rcvbuf) {
        if (registration != null && registration.isValid()) {
            registration.submit(on ? NioIoOps.READ : NioIoOps.NONE);
        }
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, rcvbuf);
        } catch (IOException e) {
            // closed meanwhile: nothing to read or to buffer any more
        }
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (((NioIoEvent) event).ops().contains(NioIoOps.READ)) {
            read();
        }
    }

    private void read() {
        for (int i = 0; i < DatagramRelay.MAX_READ_BATCH; i++) {
            ByteBuf buf = alloc.directBuffer(DatagramRelay.MAX_DATAGRAM);
            InetSocketAddress from;
            ByteBuffer target = buf.internalNioBuffer(0, DatagramRelay.MAX_DATAGRAM);
            int start = target.position();
            try {
                from = (InetSocketAddress) channel.receive(target);
            } catch (IOException e) {
                // Closed meanwhile, or an error queued on the socket: it concerns no packet of
                // ours (see DatagramRtpHandler.exceptionCaught); the next event reads on.
                from = null;
            }
            if (from == null) {
                buf.release(); // empty
                break;
            }
            buf.writerIndex(target.position() - start);
            handler.received(buf, from);
        }
        handler.batchEnded();
    }

    /** Closes the socket on its loop (from any thread); what it holds is dropped by the kernel. */
    void closeOnLoop() {
        if (loop.inEventLoop()) {
            close();
            return;
        }
        try {
            loop.execute(this::close);
        } catch (RejectedExecutionException e) {
            close(); // the loop is gone: nothing reads the socket any more
        }
    }

    /** Cancels the registration and closes the socket; Netty calls it too when the loop shuts down. */
    @Override
    public void close() {
        if (registration != null) {
            registration.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do: the descriptor is released either way
        }
    }
}
