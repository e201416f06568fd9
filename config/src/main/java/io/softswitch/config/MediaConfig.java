package io.softswitch.config;

import java.time.Duration;
import java.util.Objects;

/**
 * RTP relay settings.
 *
 * @param bindAddress        local address the relay's UDP ports bind to
 * @param advertisedAddress  address written into SDP (the public address behind NAT)
 * @param portMin            first port of the relay range (even)
 * @param portMax            last port of the relay range
 * @param rtpTimeout         ({@code rtp_timeout_seconds}) a session with no packets for this long is
 *                           hung up; zero = never
 * @param portQuarantine     ({@code port_quarantine_ms}) a released port is not handed out again for
 *                           this long
 * @param eventLoopThreads   media event loops; 0 = one per core
 * @param natLatchWindow     ({@code nat_latch_window_ms}) how long after a leg's SDP the NAT latching
 *                           mode accepts a new source
 * @param mode               relay (default) or bypass: SDP unchanged, RTP end to end, no relay ports
 * @param maxQueueDelay      ({@code max_queue_delay_ms}) overload protection: a media event loop this far
 *                           behind stops reading its newest calls' media; zero = never
 * @param transport          ({@code transport}) the relay's socket layer: jdk (default), epoll or nio
 */
public record MediaConfig(String bindAddress, String advertisedAddress, int portMin, int portMax,
        Duration rtpTimeout, Duration portQuarantine, int eventLoopThreads, Duration natLatchWindow, MediaMode mode,
        Duration maxQueueDelay, RelayTransport transport) {
    public MediaConfig {
        Objects.requireNonNull(rtpTimeout, "rtpTimeout");
        Objects.requireNonNull(portQuarantine, "portQuarantine");
        Objects.requireNonNull(natLatchWindow, "natLatchWindow");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(maxQueueDelay, "maxQueueDelay");
        Objects.requireNonNull(transport, "transport");
    }
}
