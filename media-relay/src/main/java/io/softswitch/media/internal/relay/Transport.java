package io.softswitch.media.internal.relay;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.softswitch.media.MediaTransport;
import java.util.concurrent.TimeUnit;

/**
 * The relay's transports ({@link MediaTransport}): {@code jdk} by default, Netty's native epoll or
 * NIO channels on request ({@link #selected}).
 *
 * @param idleWaitNanos a wait for I/O (that was allowed to block) lasting at least this long was
 *     the loop idling, its sockets empty; a shorter one may be only the cost of the wait's own code
 *     ({@link MeasuredIoHandler})
 * @param coldIdleWaitNanos the same for a loop's first {@link #WARM_PASSES} passes, while the wait's
 *     own code may still be interpreted
 */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends DatagramChannel> channelType,
        long idleWaitNanos, long coldIdleWaitNanos) {

    /**
     * Passes of a loop after which its wait's code counts as compiled: the wait runs once per pass and
     * HotSpot's tiered compilation reaches C2 after 5,000-15,000 invocations of a method
     * ({@code Tier4InvocationThreshold}, {@code Tier4CompileThreshold}); twice that for the compile
     * itself. A loop relaying a few hundred calls passes it within seconds.
     */
    static final int WARM_PASSES = 30_000;

    /** One threshold from the first pass on. */
    Transport(String name, IoHandlerFactory ioHandlers, Class<? extends DatagramChannel> channelType,
            long idleWaitNanos) {
        this(name, ioHandlers, channelType, idleWaitNanos, idleWaitNanos);
    }

    /** The idle-wait threshold of a loop that has run {@code passes} passes. */
    long idleWaitNanos(long passes) {
        return passes < WARM_PASSES ? coldIdleWaitNanos : idleWaitNanos;
    }

    /**
     * epoll: the wait is one JNI call ({@code epoll_wait}, plus {@code timerfd_settime} when the next
     * timer moved): 30-80 µs measured on the 2-core test VM while that code was still cold.
     */
    private static final long EPOLL_IDLE_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /**
     * NIO, while cold: the wait runs through the JDK selector's Java code (locks, update and cancel
     * queues, the wake-up pipe): 90-150 µs with sockets already readable on the same VM before that
     * code is compiled, so 100 µs counted such a loop as idle (RelayLatencyTest on NIO failed 4 tries
     * of 5); 1 ms keeps a wide margin. Once compiled ({@link #WARM_PASSES}) the epoll threshold
     * applies: keeping 1 ms counted a warm loop's short real waits (100 µs to 1 ms, a loop near one
     * core's capacity) as work, so its lag added up over passes it had in fact caught up in, and the
     * jdk transport shed sessions at 500 SRTP calls on one core where epoll shed none (session 9).
     */
    private static final long NIO_COLD_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollDatagramChannel.class,
                    EPOLL_IDLE_WAIT_NANOS);
        }
        return nio();
    }

    /** The system property that picks the relay's transport: {@code epoll}, {@code nio} or {@code jdk}. */
    static final String PROPERTY = "softswitch.media.transport";

    /**
     * {@link #PROPERTY}'s transport when the property is set (tests and benches run the same code on
     * another transport with it), else {@code configured} ({@code media.transport}, default
     * {@link MediaTransport#JDK}: 0.85-0.92x epoll's CPU per packet for SRTP<->RTP at 250 calls, 13-15
     * vs 128-152 B allocated per packet; bench/media/RESULTS.md, sessions 9 and 10).
     */
    static Transport selected(MediaTransport configured) {
        String name = System.getProperty(PROPERTY, "");
        if (name.isEmpty()) {
            return of(configured);
        }
        return switch (name) {
            case "jdk" -> jdk();
            case "epoll" -> of(MediaTransport.EPOLL);
            case "nio" -> nio();
            default -> throw new IllegalArgumentException(
                    PROPERTY + ": " + name + " (expected: epoll, nio or jdk)");
        };
    }

    /** {@code transport}; epoll fails with Netty's reason where the native library does not load. */
    static Transport of(MediaTransport transport) {
        return switch (transport) {
            case JDK -> jdk();
            case NIO -> nio();
            case EPOLL -> {
                Epoll.ensureAvailability();
                yield best();
            }
        };
    }

    /**
     * The JDK's non-blocking datagram channels on Netty's NIO event loops, without Netty channels
     * ({@link JdkDatagramSocket}): no allocation per relayed packet (with {@code -XX:AutoBoxCacheMax=65535}:
     * the JDK selector boxes ready sockets' descriptors). The channel type is only that of
     * the loops' other users (none in the relay).
     */
    static Transport jdk() {
        return new Transport("jdk", NioIoHandler.newFactory(), NioDatagramChannel.class, EPOLL_IDLE_WAIT_NANOS,
                NIO_COLD_IDLE_WAIT_NANOS);
    }

    /** This transport's relay sockets are {@link JdkDatagramSocket}s, not Netty channels. */
    boolean jdkSockets() {
        return name.equals("jdk");
    }

    /** The JDK's NIO transport: the fallback, and what tests of the fallback use on Linux too. */
    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioDatagramChannel.class, EPOLL_IDLE_WAIT_NANOS,
                NIO_COLD_IDLE_WAIT_NANOS);
    }

    /** Daemon threads named {@code media-relay-<n>-<i>}, so CPU use per thread can be attributed. */
    MultiThreadIoEventLoopGroup newGroup(int threads) {
        return newGroup(threads, ioHandlers);
    }

    /** As {@link #newGroup(int)} with {@code handlers} (this transport's, wrapped) instead. */
    MultiThreadIoEventLoopGroup newGroup(int threads, IoHandlerFactory handlers) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("media-relay", true), handlers);
    }
}
