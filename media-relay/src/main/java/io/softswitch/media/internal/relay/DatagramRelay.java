package io.softswitch.media.internal.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.Future;
import io.softswitch.media.Side;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaRelaySettings;
import io.softswitch.media.MediaSession;
import io.softswitch.media.MediaStats;
import io.softswitch.media.MediaUnavailableException;
import io.softswitch.media.SessionListener;
import io.softswitch.media.SessionOptions;
import io.softswitch.media.internal.srtp.SrtpWarmUp;
import io.softswitch.media.internal.recording.RecordingWriters;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The Netty side of {@link io.softswitch.media.MediaRelay}: event loops, port pool, sessions. */
public final class DatagramRelay {
    /** Largest datagram read; RTP over Ethernet fits well below. */
    static final int MAX_DATAGRAM = 2048;
    /**
     * Kernel receive buffer of each relay socket (SO_RCVBUF; Linux doubles it): about 78 datagrams
     * of 172 bytes (each takes ~830 bytes of buffer on loopback), 1.5 s at 50 packets/s. The
     * default (208 KiB, 256 such datagrams, 5 s) is latency nobody wants in a media relay, and a
     * resumed socket's backlog must fit into one read batch ({@link #MAX_READ_BATCH}).
     */
    static final int RCVBUF = 32 * 1024;
    /**
     * Kernel receive buffer of a shed session's sockets (overload protection): the kernel raises it to
     * its minimum (SOCK_MIN_RCVBUF, ~4.6 KiB: a few datagrams).
     */
    static final int SHED_RCVBUF = 1;
    /** Datagrams read from one socket per wake-up: more than {@link #RCVBUF} holds, so a read empties it. */
    static final int MAX_READ_BATCH = 128;
    /** How many port pairs a session tries when a port is taken by another process. */
    static final int BIND_ATTEMPTS = 8;

    private final MediaRelaySettings settings;
    private final MediaEvents events;
    private final Transport transport;
    private final MultiThreadIoEventLoopGroup group;
    private final PortPool pool;
    private final Set<RelaySession> sessions = ConcurrentHashMap.newKeySet();
    /** Each event loop's overload protection, keyed by the loop; empty when it is off. */
    private final Map<Object, OverloadControl> overload = new ConcurrentHashMap<>();
    /** Each event loop's pass clock (relay latency), keyed by the loop. */
    private final Map<Object, LoopClock> clocks = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final RecordingWriters recordingWriters = new RecordingWriters();
    private volatile boolean shutdown;

    public DatagramRelay(MediaRelaySettings settings, MediaEvents events) {
        this(settings, events, Transport.selected(settings.transport()));
    }

    DatagramRelay(MediaRelaySettings settings, MediaEvents events, Transport transport) {
        this.settings = settings;
        this.events = events;
        this.transport = transport;
        int threads = settings.eventLoopThreads() == 0
                ? Runtime.getRuntime().availableProcessors() : settings.eventLoopThreads();
        long maxDelay = settings.maxQueueDelay().toNanos();
        this.group = transport.newGroup(threads,
                MeasuredIoHandler.factory(transport, clocks, overload, maxDelay, events));
        SrtpWarmUp.start();
        this.pool = new PortPool(settings.portMin(), settings.portMax(), settings.portQuarantine().toNanos(),
                System::nanoTime);
    }

    MediaRelaySettings settings() {
        return settings;
    }

    RecordingWriters recordingWriters() {
        return recordingWriters;
    }

    MediaEvents events() {
        return events;
    }

    public String transportName() {
        return transport.name();
    }

    public int activeSessions() {
        return active.get();
    }

    public int portsInUse() {
        return pool.portsInUse();
    }

    public MediaSession createSession(String label, SessionOptions options, SessionListener listener)
            throws MediaUnavailableException {
        if (shutdown) {
            throw fail("media: relay is shut down");
        }
        EventLoop loop = group.next();
        BindFailure failure = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            try {
                RelaySession session = open(label, options, listener, loop);
                sessions.add(session);
                OverloadControl control = overload.get(loop);
                if (control != null) {
                    loop.execute(() -> control.admit(session));
                }
                session.startTimeoutCheck(settings.rtpTimeout().toNanos());
                events.sessionOpened(active.incrementAndGet(), pool.portsInUse());
                return session;
            } catch (BindFailure e) {
                failure = e; // a port taken by another process: try the next pair
            }
        }
        throw fail(failure.getMessage());
    }

    /** A port of the range could not be bound; the pair goes to quarantine and another is tried. */
    private static final class BindFailure extends Exception {
        private static final long serialVersionUID = 1L;

        BindFailure(String message) {
            super(message, null, false, false);
        }
    }

    private RelaySession open(String label, SessionOptions options, SessionListener listener, EventLoop loop)
            throws MediaUnavailableException, BindFailure {
        long window = settings.natLatchWindow().toNanos();
        List<Channel> bound = new ArrayList<>(4);
        int portA = pool.acquire();
        int portB = portA < 0 ? -1 : pool.acquire();
        if (portB < 0) {
            if (portA >= 0) {
                pool.giveBack(portA);
            }
            throw fail("media: no free port pair in " + settings.portMin() + "-" + settings.portMax() + " ("
                    + pool.portsInUse() + " ports in use, the others in quarantine)");
        }
        LegState a = new LegState(Side.A, portA, options.latchingA(), window, options.encryptionA());
        LegState b = new LegState(Side.B, portB, options.latchingB(), window, options.encryptionB());
        RelaySession session = new RelaySession(label, loop, this, listener, a, b, overload.get(loop), clocks.get(loop));
        // The four binds are queued on the loop together and awaited once: one hand-off to the
        // loop and one wake-up of this thread per call instead of four of each.
        List<ChannelFuture> binds = new ArrayList<>(4);
        if (transport.jdkSockets()) {
            bindJdk(session, (IoEventLoop) loop, a, b);
            return session;
        }
        for (LegState leg : List.of(a, b)) {
            leg.rtpHandler = new DatagramRtpHandler(session, leg, false);
            leg.rtcpHandler = new DatagramRtpHandler(session, leg, true);
            binds.add(bind(loop, leg.rtpHandler, leg.rtpPort));
            binds.add(bind(loop, leg.rtcpHandler, leg.rtpPort + 1));
        }
        BindFailure failure = null;
        for (int i = binds.size() - 1; i >= 0; i--) { // the last one queued is usually done last
            binds.get(i).awaitUninterruptibly();
        }
        for (int i = 0; i < binds.size(); i++) {
            ChannelFuture f = binds.get(i);
            if (f.isSuccess()) {
                bound.add(f.channel());
            } else if (failure == null) {
                failure = new BindFailure("media: cannot bind " + settings.bindAddress().getHostAddress() + ":"
                        + ((i < 2 ? portA : portB) + i % 2) + ": " + f.cause().getMessage());
            }
        }
        if (failure != null) {
            cleanUp(bound, portA, portB);
            throw failure;
        }
        a.rtp = binds.get(0).channel();
        a.rtcp = binds.get(1).channel();
        b.rtp = binds.get(2).channel();
        b.rtcp = binds.get(3).channel();
        for (LegState leg : List.of(a, b)) {
            leg.rtpSender = DatagramSender.of(leg.rtp);
            leg.rtcpSender = DatagramSender.of(leg.rtcp);
        }
        return session;
    }

    /** As the Netty binds below, with {@link JdkDatagramSocket}s: bound here, registered on the loop in one task. */
    private void bindJdk(RelaySession session, IoEventLoop loop, LegState a, LegState b) throws BindFailure {
        List<JdkDatagramSocket> bound = new ArrayList<>(4);
        try {
            for (LegState leg : List.of(a, b)) {
                leg.rtpHandler = new DatagramRtpHandler(session, leg, false);
                leg.rtcpHandler = new DatagramRtpHandler(session, leg, true);
                leg.jdkRtp = bindJdk(loop, leg.rtpHandler, leg.rtpPort, bound);
                leg.jdkRtcp = bindJdk(loop, leg.rtcpHandler, leg.rtpPort + 1, bound);
                leg.rtpSender = leg.jdkRtp.sender();
                leg.rtcpSender = leg.jdkRtcp.sender();
            }
            Future<Void> registered;
            try {
                registered = loop.submit(() -> {
                    for (JdkDatagramSocket socket : bound) {
                        socket.register();
                    }
                    return null;
                });
            } catch (RejectedExecutionException e) {
                throw new BindFailure("media: cannot register sockets on " + loop + ": it is shut down");
            }
            if (!registered.awaitUninterruptibly().isSuccess()) {
                throw new BindFailure("media: cannot register sockets on " + loop + ": " + registered.cause());
            }
        } catch (BindFailure e) {
            for (JdkDatagramSocket socket : bound) {
                socket.closeOnLoop();
            }
            pool.release(a.rtpPort);
            pool.release(b.rtpPort);
            throw e;
        }
    }

    private JdkDatagramSocket bindJdk(IoEventLoop loop, DatagramRtpHandler handler, int port,
            List<JdkDatagramSocket> bound) throws BindFailure {
        try {
            JdkDatagramSocket socket = JdkDatagramSocket.bind(settings.bindAddress(), port, loop, handler,
                    PooledByteBufAllocator.DEFAULT);
            bound.add(socket);
            return socket;
        } catch (java.io.IOException e) {
            throw new BindFailure("media: cannot bind " + settings.bindAddress().getHostAddress() + ":" + port + ": "
                    + e.getMessage());
        }
    }

    private void cleanUp(List<Channel> bound, int portA, int portB) {
        for (Channel channel : bound) {
            channel.close().awaitUninterruptibly();
        }
        if (portA >= 0) {
            pool.release(portA);
        }
        if (portB >= 0) {
            pool.release(portB);
        }
    }

    private MediaUnavailableException fail(String reason) {
        events.allocationFailed(reason);
        return new MediaUnavailableException(reason);
    }

    /** Starts binding one socket on {@code loop}; the caller awaits the future. */
    private ChannelFuture bind(EventLoop loop, DatagramRtpHandler handler, int port) {
        return new Bootstrap()
                .group(loop)
                .channel(transport.channelType())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(MAX_DATAGRAM).maxMessagesPerRead(MAX_READ_BATCH))
                .option(ChannelOption.SO_RCVBUF, RCVBUF)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .handler(handler)
                .bind(new InetSocketAddress(settings.bindAddress(), port));
    }

    /** Called once by a closing session: closes its sockets, then returns its ports to quarantine. */
    void release(RelaySession session, MediaStats stats) {
        for (Side leg : Side.values()) {
            LegState state = session.leg(leg);
            state.closeSockets();
            // The pair is quarantined from now; should a socket still be closing when the pair comes
            // back, its bind fails and createSession moves on to the next pair.
            pool.release(state.rtpPort);
        }
        sessions.remove(session);
        events.sessionClosed(stats, active.decrementAndGet(), pool.portsInUse());
    }

    /** Closes every session and stops the event loops. */
    public void close() {
        shutdown = true;
        for (RelaySession session : sessions) {
            session.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        recordingWriters.close();
    }
}
