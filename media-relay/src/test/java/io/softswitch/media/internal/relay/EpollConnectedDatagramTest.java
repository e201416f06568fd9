package io.softswitch.media.internal.relay;

import static io.softswitch.media.testing.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.DatagramPacket;
import io.softswitch.media.testing.RtpPeer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Why the relay does not {@code connect()} a leg's socket to the latched peer (see
 * bench/media/RESULTS.md): what Netty 4.2's epoll datagram channel and the kernel do with a
 * connected UDP socket. If one of these changes with a Netty or kernel upgrade, the trade-off
 * is worth measuring again.
 */
class EpollConnectedDatagramTest {
    private MultiThreadIoEventLoopGroup group;
    private final BlockingQueue<InetSocketAddress> senders = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        assertThat(Epoll.isAvailable()).as("native epoll transport (the daemon's transport on Linux): %s",
                Epoll.unavailabilityCause()).isTrue();
        group = Transport.best().newGroup(1);
    }

    @AfterEach
    void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private Channel bind() {
        return new Bootstrap().group(group).channel(Transport.best().channelType())
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        senders.add(packet.sender());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .syncUninterruptibly().channel();
    }

    private static int port(Channel channel) {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Test
    void aConnectedSocketNeverSeesAnotherSourceSoAHijackCouldNotBeCounted() throws Exception {
        Channel channel = bind();
        try (RtpPeer peer = new RtpPeer(); RtpPeer hijacker = new RtpPeer()) {
            channel.connect(peer.address()).syncUninterruptibly();
            hijacker.send(pcmu(666, 0xBAD), port(channel));
            peer.send(pcmu(1, 0xA), port(channel));
            // sent first, the hijacker's datagram would be read first: the kernel dropped it
            assertThat(senders.poll(2, TimeUnit.SECONDS)).isEqualTo(peer.address());
        } finally {
            channel.close().syncUninterruptibly();
        }
    }

    @Test
    void disconnectLeavesTheChannelInactiveSoItCannotSendAnyMore() throws Exception {
        Channel channel = bind();
        try (RtpPeer peer = new RtpPeer()) {
            assertThat(channel.isActive()).isTrue();
            channel.connect(peer.address()).syncUninterruptibly();
            channel.disconnect().syncUninterruptibly();
            assertThat(channel.isOpen()).isTrue();
            assertThat(channel.isActive()).isFalse();
            ChannelFuture write = channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(pcmu(1, 0xA)),
                    peer.address())).awaitUninterruptibly();
            assertThat(write.isSuccess()).isFalse();
        } finally {
            channel.close().syncUninterruptibly();
        }
    }

    @Test
    void aConnectedChannelCannotBeReconnectedToAnotherPeer() {
        Channel channel = bind();
        try (RtpPeer peer = new RtpPeer(); RtpPeer moved = new RtpPeer()) {
            channel.connect(peer.address()).syncUninterruptibly();
            ChannelFuture again = channel.connect(moved.address()).awaitUninterruptibly();
            assertThat(again.cause()).isInstanceOf(AlreadyConnectedException.class);
        } finally {
            channel.close().syncUninterruptibly();
        }
    }
}
