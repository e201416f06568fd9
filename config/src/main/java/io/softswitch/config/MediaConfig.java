package io.softswitch.config;

/**
 * RTP relay settings.
 *
 * @param bindAddress        local address the relay's UDP ports bind to
 * @param advertisedAddress  address written into SDP (the public address behind NAT)
 * @param portMin            first port of the relay range (even)
 * @param portMax            last port of the relay range
 * @param rtpTimeoutSeconds  a session with no packets for this long is hung up
 * @param portQuarantineMs   a released port is not handed out again for this long
 * @param eventLoopThreads   media event loops; 0 = one per core
 * @param natLatchWindowMs   how long after a leg's SDP the NAT latching mode accepts a new source
 * @param mode               relay (default) or bypass: SDP unchanged, RTP end to end, no relay ports
 */
public record MediaConfig(String bindAddress, String advertisedAddress, int portMin, int portMax,
        int rtpTimeoutSeconds, int portQuarantineMs, int eventLoopThreads, int natLatchWindowMs, MediaMode mode) {
}
