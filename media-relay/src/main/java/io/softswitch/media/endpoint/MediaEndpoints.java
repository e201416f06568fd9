package io.softswitch.media.endpoint;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.softswitch.media.MediaUnavailableException;
import io.softswitch.media.internal.endpoint.RtpEndpoint;
import io.softswitch.media.internal.srtp.SrtpWarmUp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens {@link MediaEndpoint}s and paces them all from one clock: a single fixed-rate 20 ms task on
 * one event loop ticks every open endpoint (no thread, sleep or timer per call). One daemon thread
 * ({@code media-endpoint-*}) serves every endpoint's socket and the clock. Thread-safe.
 */
public final class MediaEndpoints implements AutoCloseable {
    /** The frame interval: 20 ms of 8 kHz G.711, 160 samples (RFC 3551 section 4.5). */
    public static final long FRAME_MILLIS = 20;

    private final InetAddress bindAddress;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final List<RtpEndpoint> open = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    /** The 20 ms frame clock, running only while an endpoint is open (an idle daemon does not wake). Loop-confined. */
    private ScheduledFuture<?> clock;

    public MediaEndpoints(InetAddress bindAddress) {
        // jitsi-srtp's first use benchmarks its ciphers (up to seconds): never on this clock's loop.
        SrtpWarmUp.start();
        this.bindAddress = bindAddress;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("media-endpoint", true),
                NioIoHandler.newFactory());
        this.loop = group.next();
    }

    /**
     * Opens an endpoint on an ephemeral port of the bind address. Blocks until bound: call it off
     * the event loop (the call engine's executor).
     *
     * @param telephoneEventPayloadType the negotiated RFC 4733 payload type (commonly 101)
     */
    public MediaEndpoint open(Codec codec, int telephoneEventPayloadType, EndpointListener listener)
            throws MediaUnavailableException {
        return open(codec, telephoneEventPayloadType, listener, null);
    }

    /**
     * As {@link #open(Codec, int, EndpointListener)}, speaking SRTP when {@code srtp} is not null:
     * what the far end sends must authenticate under its key (anything else is dropped, as are
     * replays), what we send is protected with ours.
     */
    public MediaEndpoint open(Codec codec, int telephoneEventPayloadType, EndpointListener listener,
            EndpointSrtp srtp) throws MediaUnavailableException {
        RtpEndpoint endpoint = new RtpEndpoint(codec, telephoneEventPayloadType, listener,
                srtp == null ? null : srtp.theirs(), srtp == null ? null : srtp.ours(), e -> {
            open.remove(e);
            count.decrementAndGet();
            if (open.isEmpty() && clock != null) {
                clock.cancel(false);
                clock = null;
            }
        });
        ChannelFuture bound = new Bootstrap().group(loop).channel(NioDatagramChannel.class).handler(endpoint)
                .bind(new InetSocketAddress(bindAddress, 0)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new MediaUnavailableException("media endpoint: cannot bind " + bindAddress.getHostAddress() + ": "
                    + bound.cause().getMessage());
        }
        endpoint.attach(bound.channel());
        count.incrementAndGet();
        loop.execute(() -> {
            open.add(endpoint);
            if (clock == null) {
                clock = loop.scheduleAtFixedRate(this::tick, FRAME_MILLIS, FRAME_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
        return endpoint;
    }

    /** Endpoints open now. */
    public int size() {
        return count.get();
    }

    private void tick() {
        for (int i = 0; i < open.size(); i++) {
            open.get(i).tick();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
