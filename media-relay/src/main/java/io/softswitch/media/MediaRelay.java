package io.softswitch.media;

import io.softswitch.media.internal.relay.DatagramRelay;
import java.util.Objects;

/**
 * The RTP/RTCP relay: a pool of port pairs and Netty event loops (native epoll when available,
 * NIO otherwise; one loop per core by default) on which every session's four sockets live.
 *
 * <p>Threading: thread-safe. {@link #createSession} binds sockets and waits for that (well under
 * a millisecond), so call it from the call engine's threads, never from a media event loop.
 */
public final class MediaRelay implements AutoCloseable {
    private final DatagramRelay relay;
    private final MediaRelaySettings settings;

    private MediaRelay(MediaRelaySettings settings, MediaEvents events) {
        this.settings = settings;
        this.relay = new DatagramRelay(settings, events);
    }

    /**
     * Turns Netty's buffer leak detection off for a production process, unless the operator chose a
     * level ({@code -Dio.netty.leakDetection.level=...}). Netty's default (sampled) detection costs
     * ~0.9 us of the relay's ~11 us per packet (bench/media/RESULTS.md); tests run it paranoid.
     * Call it before the first relay starts.
     */
    public static void productionLeakDetection() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** Starts the event loops; sockets are bound per session. */
    public static MediaRelay start(MediaRelaySettings settings, MediaEvents events) {
        return new MediaRelay(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(events, "events"));
    }

    /**
     * Allocates two port pairs (one per leg) and binds them.
     *
     * @param label identifies the session in events and statistics (e.g. the call SID)
     * @throws MediaUnavailableException when the port range is exhausted or ports cannot be bound;
     *     answer the call with {@code 503}
     */
    public MediaSession createSession(String label, SessionOptions options, SessionListener listener)
            throws MediaUnavailableException {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        return relay.createSession(label, options, listener);
    }

    public MediaRelaySettings settings() {
        return settings;
    }

    /** {@code epoll} or {@code nio}. */
    public String transport() {
        return relay.transportName();
    }

    public int activeSessions() {
        return relay.activeSessions();
    }

    /** Ports held by open sessions (4 per session). */
    public int portsInUse() {
        return relay.portsInUse();
    }

    /** Closes every open session and stops the event loops. */
    @Override
    public void close() {
        relay.close();
    }
}
