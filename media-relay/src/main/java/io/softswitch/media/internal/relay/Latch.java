package io.softswitch.media.internal.relay;

import io.softswitch.media.LatchingMode;
import java.net.InetSocketAddress;

/**
 * Where to send one leg's RTP (or RTCP), and which sources to accept from it (symmetric RTP,
 * RFC 4961; the "latching" of RFC 7362 section 4 with its hijacking risk handled per {@link
 * LatchingMode}). Not thread-safe: owned by the session's event loop.
 */
final class Latch {
    private final LatchingMode mode;
    private final long windowNanos;

    private InetSocketAddress signalled; // null while on hold or disabled
    private InetSocketAddress lastSignalled; // the latest non-null address, for source checks
    private InetSocketAddress latched;
    private int latchedSsrc;
    private long windowEndsNanos;

    Latch(LatchingMode mode, long windowNanos) {
        this.mode = mode;
        this.windowNanos = windowNanos;
    }

    /**
     * A new SDP for the leg. A changed address forgets the latched source and reopens the NAT
     * window; null (hold with {@code c=0.0.0.0}, port 0) stops sending but keeps the latch, so
     * resuming with the same address continues where it was.
     */
    void signal(InetSocketAddress address, long nowNanos) {
        if (address != null && !address.equals(lastSignalled)) {
            latched = null;
            windowEndsNanos = nowNanos + windowNanos;
            lastSignalled = address;
        }
        signalled = address;
    }

    /** Whether to relay a packet from {@code source}; latches as the mode allows. */
    boolean accept(InetSocketAddress source, int ssrc, long nowNanos) {
        switch (mode) {
            case OFF:
                return true;
            case SIGNALLED_IP:
                if (lastSignalled == null || !lastSignalled.getAddress().equals(source.getAddress())) {
                    return false;
                }
                latch(source, ssrc);
                return true;
            default: // NAT
                if (source.equals(latched)) {
                    return true;
                }
                boolean inWindow = windowEndsNanos - nowNanos > 0;
                boolean fromSignalledIp = lastSignalled != null
                        && lastSignalled.getAddress().equals(source.getAddress());
                boolean sameSsrc = latched != null && ssrc == latchedSsrc;
                if ((latched == null && inWindow) || fromSignalledIp || sameSsrc) {
                    latch(source, ssrc);
                    return true;
                }
                return false;
        }
    }

    private void latch(InetSocketAddress source, int ssrc) {
        latched = source;
        latchedSsrc = ssrc;
    }

    /** Where packets for this leg go now, or null when there is nowhere to send. */
    InetSocketAddress destination() {
        if (signalled == null) {
            return null;
        }
        if (mode == LatchingMode.OFF || latched == null) {
            return signalled;
        }
        return latched;
    }
}
