package io.softswitch.media.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * The only handler of a relay socket: hands each datagram to its session, which owns (and
 * forwards or releases) the buffer from then on. The {@code jdk} transport's sockets
 * ({@link JdkDatagramSocket}) call {@link #received} and {@link #batchEnded} instead of the pipeline.
 */
final class DatagramRtpHandler extends ChannelInboundHandlerAdapter {
    private final RelaySession session;
    private final LegState leg;
    private final boolean rtcp;
    /** Set when overload protection reads the socket again: the first batch waited too long. */
    private boolean discardBatch;

    DatagramRtpHandler(RelaySession session, LegState leg, boolean rtcp) {
        this.session = session;
        this.leg = leg;
        this.rtcp = rtcp;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            received(packet.content(), packet.sender());
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** One datagram read from the socket; {@code buf} is the session's from now on. */
    void received(ByteBuf buf, InetSocketAddress sender) {
        if (discardBatch) {
            session.discard(leg, rtcp, buf);
            return;
        }
        session.onPacket(leg, rtcp, buf, sender);
    }

    /**
     * What the socket holds now is too old (queued while it was not read, or while the loop was
     * behind): discard the next read batch, or, if the socket is empty, nothing ({@link #endDiscard}
     * at the end of the next loop pass).
     */
    void discardNextBatch() {
        discardBatch = true;
    }

    void endDiscard() {
        discardBatch = false;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batchEnded();
    }

    /** The socket was read until empty, or a full batch: the backlog to discard, if any, is gone. */
    void batchEnded() {
        // Netty reads a ready socket until it is empty or max messages per read; the socket buffer
        // holds fewer datagrams than that (DatagramRelay.RCVBUF), so one batch is the whole backlog.
        discardBatch = false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A UDP socket error (e.g. ICMP unreachable reported on read) concerns no packet of ours:
        // keep the socket open and the loop running; the peer's silence shows in the statistics.
    }
}
