package io.softswitch.media.internal.sdp;

import java.net.InetSocketAddress;

/**
 * The audio stream an SDP describes, as the relay needs it.
 *
 * @param rtp where the endpoint receives RTP, or null when on hold ({@code c=0.0.0.0} or
 *     {@code ::}) or when the stream is disabled (port 0)
 * @param rtcp where it receives RTCP ({@code a=rtcp} of RFC 3605, else RTP port + 1), or null
 * @param payloads payload type properties from {@code a=rtpmap} and the static table
 * @param direction {@code sendrecv}, {@code sendonly}, {@code recvonly} or {@code inactive}
 */
public record AudioEndpoint(InetSocketAddress rtp, InetSocketAddress rtcp, PayloadTypes payloads,
        String direction) {
}
