package io.softswitch.media.internal.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/**
 * The only handler of a relay socket: hands each datagram to its session, which owns (and
 * forwards or releases) the buffer from then on.
 */
final class DatagramRtpHandler extends ChannelInboundHandlerAdapter {
    private final RelaySession session;
    private final LegState leg;
    private final boolean rtcp;

    DatagramRtpHandler(RelaySession session, LegState leg, boolean rtcp) {
        this.session = session;
        this.leg = leg;
        this.rtcp = rtcp;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            session.onPacket(leg, rtcp, packet);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket error (e.g. ICMP unreachable reported on read) concerns no packet of ours:
        // keep the socket open and the loop running; the peer's silence shows in the statistics.
    }
}
