package io.softswitch.media.internal.relay;

import static io.softswitch.media.testing.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.softswitch.media.Side;
import io.softswitch.media.MediaSession;
import io.softswitch.media.MediaStats;
import io.softswitch.media.SessionOptions;
import io.softswitch.media.testing.RecordingEvents;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The relay's send path on real sockets: the native {@code sendto} on epoll, the pipeline on the
 * NIO fallback, the JDK channel on the jdk transport, and the same relayed bytes and statistics from all.
 */
class DatagramSenderTest {

    static Stream<Transport> transports() {
        return Stream.of(Transport.best(), Transport.nio(), Transport.jdk()); // best() is epoll on Linux, asserted below
    }

    @ParameterizedTest
    @MethodSource("transports")
    void bothTransportsRelayRtpAndRtcpBothWaysFromTheRelaysPorts(Transport transport) throws Exception {
        RecordingEvents events = new RecordingEvents();
        DatagramRelay relay = new DatagramRelay(TestRelays.loopback(20), events, transport);
        try (RtpPeer pbx = new RtpPeer(); RtpPeer carrier = new RtpPeer(); RtpPeer carrierRtcp = new RtpPeer()) {
            MediaSession session = relay.createSession("senders", SessionOptions.DEFAULT, events);
            session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port(), "a=rtcp:" + carrierRtcp.port()));

            byte[] fromPbx = pcmu(1, 0xA);
            pbx.send(fromPbx, session.localRtpPort(Side.A));
            RtpPeer.Received atCarrier = carrier.receive();
            assertThat(atCarrier.data()).isEqualTo(fromPbx);
            assertThat(atCarrier.from().getPort()).isEqualTo(session.localRtpPort(Side.B));

            byte[] fromCarrier = pcmu(2, 0xB);
            carrier.send(fromCarrier, session.localRtpPort(Side.B));
            assertThat(pbx.receive().data()).isEqualTo(fromCarrier);

            byte[] report = RtpPeer.rtcpReceiverReport(0xA);
            pbx.send(report, session.localRtpPort(Side.A) + 1);
            RtpPeer.Received rtcp = carrierRtcp.receive();
            assertThat(rtcp.data()).isEqualTo(report);
            assertThat(rtcp.from().getPort()).isEqualTo(session.localRtpPort(Side.B) + 1);

            MediaStats stats = session.close();
            assertThat(stats.b().packetsSent()).isEqualTo(2); // RTP and RTCP towards the carrier
            assertThat(stats.b().bytesSent()).isEqualTo(172 + 8);
            assertThat(stats.a().packetsSent()).isEqualTo(1);
        } finally {
            relay.close();
        }
    }

    @Test
    void epollSocketsSendNativelyAndNioSocketsThroughThePipeline() throws Exception {
        assertThat(Epoll.isAvailable()).as("native epoll transport (the daemon's transport on Linux): %s",
                Epoll.unavailabilityCause()).isTrue();
        for (Transport transport : new Transport[] {Transport.best(), Transport.nio()}) {
            MultiThreadIoEventLoopGroup group = transport.newGroup(1);
            try {
                Channel channel = bind(group, transport);
                assertThat(DatagramSender.of(channel))
                        .isInstanceOf(transport.name().equals("epoll") ? DatagramSender.Native.class
                                : DatagramSender.Pipeline.class);
                channel.close().syncUninterruptibly();
            } finally {
                group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    @Test
    void nativeSendReleasesTheBufferAndAClosedSocketTakesNothing() throws Exception {
        assertThat(Epoll.isAvailable()).as("native epoll transport (the daemon's transport on Linux): %s",
                Epoll.unavailabilityCause()).isTrue();
        Transport epoll = Transport.best();
        MultiThreadIoEventLoopGroup group = epoll.newGroup(1);
        try (RtpPeer peer = new RtpPeer()) {
            Channel channel = bind(group, epoll);
            DatagramSender sender = DatagramSender.of(channel);

            ByteBuf first = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(pcmu(1, 0xA));
            assertThat(channel.eventLoop().submit(() -> sender.send(first, peer.address())).get()).isTrue();
            assertThat(first.refCnt()).isZero();
            RtpPeer.Received received = peer.receive();
            assertThat(received.sequence()).isEqualTo(1);
            assertThat(received.from().getPort()).isEqualTo(((InetSocketAddress) channel.localAddress()).getPort());

            // After close the descriptor's number may be reused by another socket: nothing is sent,
            // and the caller keeps the buffer to drop it (as when a closed channel is not writable).
            channel.close().syncUninterruptibly();
            ByteBuf late = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(pcmu(2, 0xA));
            assertThat(channel.eventLoop().submit(() -> sender.send(late, peer.address())).get()).isFalse();
            assertThat(late.release()).isTrue();
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Channel bind(MultiThreadIoEventLoopGroup group, Transport transport) {
        return new Bootstrap().group(group).channel(transport.channelType())
                .handler(new ChannelInboundHandlerAdapter())
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly().channel();
    }
}
