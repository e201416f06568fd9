package io.softswitch.media.internal.relay;

import io.netty.channel.Channel;
import io.softswitch.media.LatchingMode;
import io.softswitch.media.MediaEncryption;
import io.softswitch.media.Side;
import io.softswitch.media.LegStats;
import io.softswitch.media.internal.rtp.DtmfDetector;
import io.softswitch.media.internal.rtp.StreamStatistics;
import io.softswitch.media.internal.sdp.Origin;
import io.softswitch.media.internal.sdp.PayloadTypes;
import io.softswitch.media.internal.srtp.LegCrypto;

/**
 * One leg of a session: its two sockets and their senders, latching, receive statistics and SDP state. Mutable
 * fields are confined to the session's event loop; the channels and senders are set once before any SDP is
 * applied (SDP is applied through a task on that loop, which publishes them).
 */
final class LegState {
    final Side leg;
    final int rtpPort;
    final Latch rtpLatch;
    final Latch rtcpLatch;
    final StreamStatistics received = new StreamStatistics();
    final DtmfDetector dtmf;
    /** The origin of the SDP the relay sends to this leg. */
    final Origin origin = new Origin();
    /** SRTP keys and streams of this leg (plain RTP until an SDP says otherwise). */
    final LegCrypto crypto;

    /** The two sockets: Netty channels, or, on the {@code jdk} transport, JDK channels (the others null). */
    Channel rtp;
    Channel rtcp;
    JdkDatagramSocket jdkRtp;
    JdkDatagramSocket jdkRtcp;
    DatagramSender rtpSender;
    DatagramSender rtcpSender;
    PayloadTypes declared = PayloadTypes.staticTable();
    PayloadTypes payloads = PayloadTypes.staticTable();
    /** The handlers of the two sockets, for overload protection. */
    DatagramRtpHandler rtpHandler;
    DatagramRtpHandler rtcpHandler;
    /** Overload protection: RTP packets lost when the session was shed, and discarded on resume. */
    long lostAtShed;
    long discardedSinceShed;
    boolean countGapOnNextRtp;
    long packetsSent;
    long bytesSent;
    long dropped;

    LegState(Side leg, int rtpPort, LatchingMode mode, long natWindowNanos, MediaEncryption encryption) {
        this.crypto = new LegCrypto(encryption);
        this.leg = leg;
        this.rtpPort = rtpPort;
        this.rtpLatch = new Latch(mode, natWindowNanos);
        this.rtcpLatch = new Latch(mode, natWindowNanos);
        this.dtmf = new DtmfDetector(leg);
    }

    /**
     * Stops (false) or resumes reading this leg's two sockets. While they are not read their kernel
     * buffers shrink to the smallest the kernel allows ({@link DatagramRelay#SHED_RCVBUF}, a few
     * datagrams): the kernel drops the rest at no cost to the loop, and what is discarded on resume
     * is a few datagrams instead of a full buffer (issue 21: resuming a hundred sessions read and
     * discarded ~15,000 queued datagrams in one pass, a 100+ ms lag on a throttled core).
     */
    void reading(boolean on) {
        int rcvbuf = on ? DatagramRelay.RCVBUF : DatagramRelay.SHED_RCVBUF;
        if (jdkRtp != null) {
            jdkRtp.reading(on, rcvbuf);
            jdkRtcp.reading(on, rcvbuf);
            return;
        }
        rtp.config().setAutoRead(on);
        rtcp.config().setAutoRead(on);
        rtp.config().setOption(io.netty.channel.ChannelOption.SO_RCVBUF, rcvbuf);
        rtcp.config().setOption(io.netty.channel.ChannelOption.SO_RCVBUF, rcvbuf);
    }

    /** Closes the two sockets (from any thread; done on their loop). */
    void closeSockets() {
        if (jdkRtp != null) {
            jdkRtp.closeOnLoop();
            jdkRtcp.closeOnLoop();
            return;
        }
        rtp.close();
        rtcp.close();
    }

    LegStats stats() {
        return new LegStats(received.snapshot(), packetsSent, bytesSent, dropped, crypto.suite());
    }
}
