package io.softswitch.media;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Relay configuration; maps to the {@code media:} section of {@code softswitch.yaml} (see the
 * module README for keys and defaults).
 *
 * @param bindAddress local address the relay's sockets bind to ({@code media.bind_address})
 * @param advertisedAddress address written into rewritten SDP ({@code media.advertised_address})
 * @param portMin first port of the range, even ({@code media.port_min})
 * @param portMax last port of the range ({@code media.port_max}); pairs are (even RTP, odd RTCP)
 * @param portQuarantine a released port pair is not reused for this long ({@code
 *     media.port_quarantine_ms})
 * @param rtpTimeout silence on both legs after which {@link SessionListener#rtpTimeout} fires;
 *     zero disables ({@code media.rtp_timeout_seconds})
 * @param eventLoopThreads media event loops; 0 = one per available processor ({@code
 *     media.event_loop_threads})
 * @param natLatchWindow how long after a leg's SDP {@link LatchingMode#NAT} latches to any
 *     source ({@code media.nat_latch_window_ms})
 * @param maxQueueDelay overload protection ({@code media.max_queue_delay_ms}): when an event loop
 *     falls this far behind, it stops reading its newest sessions' sockets (their packets are
 *     dropped by the kernel and counted as {@link DropReason#OVERLOAD}) so the older sessions keep
 *     their latency, and reads them again once the loop has kept up for a while; zero disables
 * @param transport the socket layer ({@code media.transport}); the system property
 *     {@code softswitch.media.transport}, when set, overrides it (tests and benches)
 */
public record MediaRelaySettings(
        InetAddress bindAddress,
        InetAddress advertisedAddress,
        int portMin,
        int portMax,
        Duration portQuarantine,
        Duration rtpTimeout,
        int eventLoopThreads,
        Duration natLatchWindow,
        Duration maxQueueDelay,
        MediaTransport transport) {

    public static final int DEFAULT_PORT_MIN = 20000;
    public static final int DEFAULT_PORT_MAX = 29999;
    public static final Duration DEFAULT_PORT_QUARANTINE = Duration.ofMillis(2000);
    public static final Duration DEFAULT_RTP_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_NAT_LATCH_WINDOW = Duration.ofSeconds(10);
    /**
     * Overload protection on by default: it sheds only a saturated loop (a pause or a warm-up is
     * caught up and sheds nothing; issue 21, bench/media/RESULTS.md).
     */
    public static final Duration DEFAULT_MAX_QUEUE_DELAY = Duration.ofMillis(50);
    public static final MediaTransport DEFAULT_TRANSPORT = MediaTransport.JDK;

    public MediaRelaySettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(advertisedAddress, "advertisedAddress");
        Objects.requireNonNull(portQuarantine, "portQuarantine");
        Objects.requireNonNull(rtpTimeout, "rtpTimeout");
        Objects.requireNonNull(natLatchWindow, "natLatchWindow");
        Objects.requireNonNull(maxQueueDelay, "maxQueueDelay");
        Objects.requireNonNull(transport, "transport");
        if (portMin < 1024 || portMin > 65534) {
            throw new IllegalArgumentException("portMin: " + portMin + " (expected: 1024-65534)");
        }
        if (portMin % 2 != 0) {
            throw new IllegalArgumentException("portMin: " + portMin + " (expected: an even port)");
        }
        if (portMax < portMin + 1 || portMax > 65535) {
            throw new IllegalArgumentException(
                    "portMax: " + portMax + " (expected: " + (portMin + 1) + "-65535)");
        }
        if (portQuarantine.isNegative()) {
            throw new IllegalArgumentException("portQuarantine: " + portQuarantine + " (expected: >= 0)");
        }
        if (rtpTimeout.isNegative()) {
            throw new IllegalArgumentException("rtpTimeout: " + rtpTimeout + " (expected: >= 0, 0 = never)");
        }
        if (natLatchWindow.isNegative()) {
            throw new IllegalArgumentException("natLatchWindow: " + natLatchWindow + " (expected: >= 0)");
        }
        if (maxQueueDelay.isNegative() || maxQueueDelay.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException(
                    "maxQueueDelay: " + maxQueueDelay + " (expected: 0-60 s, 0 = no overload shedding)");
        }
        if (eventLoopThreads < 0 || eventLoopThreads > 256) {
            throw new IllegalArgumentException(
                    "eventLoopThreads: " + eventLoopThreads + " (expected: 0-256, 0 = one per core)");
        }
    }

    /** The settings before {@code maxQueueDelay} and {@code transport}: they take their defaults. */
    public MediaRelaySettings(InetAddress bindAddress, InetAddress advertisedAddress, int portMin, int portMax,
            Duration portQuarantine, Duration rtpTimeout, int eventLoopThreads, Duration natLatchWindow) {
        this(bindAddress, advertisedAddress, portMin, portMax, portQuarantine, rtpTimeout, eventLoopThreads,
                natLatchWindow, DEFAULT_MAX_QUEUE_DELAY, DEFAULT_TRANSPORT);
    }

    /** Defaults from {@code softswitch.yaml}, bound to and advertising {@code address}. */
    public static MediaRelaySettings defaults(InetAddress address) {
        return new MediaRelaySettings(address, address, DEFAULT_PORT_MIN, DEFAULT_PORT_MAX,
                DEFAULT_PORT_QUARANTINE, DEFAULT_RTP_TIMEOUT, 0, DEFAULT_NAT_LATCH_WINDOW, DEFAULT_MAX_QUEUE_DELAY,
                DEFAULT_TRANSPORT);
    }

    public MediaRelaySettings withPorts(int min, int max) {
        return new MediaRelaySettings(bindAddress, advertisedAddress, min, max, portQuarantine,
                rtpTimeout, eventLoopThreads, natLatchWindow, maxQueueDelay, transport);
    }

    public MediaRelaySettings withAdvertisedAddress(InetAddress address) {
        return new MediaRelaySettings(bindAddress, address, portMin, portMax, portQuarantine,
                rtpTimeout, eventLoopThreads, natLatchWindow, maxQueueDelay, transport);
    }

    public MediaRelaySettings withPortQuarantine(Duration quarantine) {
        return new MediaRelaySettings(bindAddress, advertisedAddress, portMin, portMax, quarantine,
                rtpTimeout, eventLoopThreads, natLatchWindow, maxQueueDelay, transport);
    }

    public MediaRelaySettings withRtpTimeout(Duration timeout) {
        return new MediaRelaySettings(bindAddress, advertisedAddress, portMin, portMax, portQuarantine,
                timeout, eventLoopThreads, natLatchWindow, maxQueueDelay, transport);
    }

    public MediaRelaySettings withEventLoopThreads(int threads) {
        return new MediaRelaySettings(bindAddress, advertisedAddress, portMin, portMax, portQuarantine,
                rtpTimeout, threads, natLatchWindow, maxQueueDelay, transport);
    }

    public MediaRelaySettings withNatLatchWindow(Duration window) {
        return new MediaRelaySettings(bindAddress, advertisedAddress, portMin, portMax, portQuarantine,
                rtpTimeout, eventLoopThreads, window, maxQueueDelay, transport);
    }

    public MediaRelaySettings withMaxQueueDelay(Duration delay) {
        return new MediaRelaySettings(bindAddress, advertisedAddress, portMin, portMax, portQuarantine,
                rtpTimeout, eventLoopThreads, natLatchWindow, delay, transport);
    }

    public MediaRelaySettings withTransport(MediaTransport t) {
        return new MediaRelaySettings(bindAddress, advertisedAddress, portMin, portMax, portQuarantine,
                rtpTimeout, eventLoopThreads, natLatchWindow, maxQueueDelay, t);
    }

    /** Number of (RTP, RTCP) port pairs in the range, i.e. the maximum number of legs. */
    public int portPairs() {
        return (portMax - portMin + 1) / 2;
    }
}
