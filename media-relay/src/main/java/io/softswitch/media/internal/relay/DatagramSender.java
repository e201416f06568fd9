package io.softswitch.media.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Hands the relayed datagrams of one socket to the kernel; called on the socket's event loop only.
 *
 * <p>On the native transport a datagram goes out in one {@code sendto} straight from the packet
 * path ({@link Native}), without the channel pipeline, an outbound envelope or the channel's
 * outbound buffer, which this socket does not need (no outbound handler, writes complete at
 * once). JFR at 1000 calls: the pipeline's write path took 37 % of the relay's Java samples,
 * this one takes 21 %, nearly all of it the JNI call itself (bench/media/RESULTS.md). The
 * kernel's socket send buffer is then the only queue: when it is full ({@code EAGAIN}) the
 * datagram is not sent and the caller counts a congestion drop, where the pipeline path queues
 * up to the write buffer's high-water mark first. Other transports (NIO) keep the pipeline
 * ({@link Pipeline}); the {@code jdk} transport's sockets send with the JDK channel ({@link Jdk}).
 */
abstract sealed class DatagramSender permits DatagramSender.Native, DatagramSender.Pipeline, DatagramSender.Jdk {

    /** The native sender when {@code channel} exposes its socket (epoll), the pipeline otherwise. */
    static DatagramSender of(Channel channel) {
        if (channel instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            return new Native(socket);
        }
        return new Pipeline(channel);
    }

    /**
     * Sends {@code buf} to {@code destination}.
     *
     * @return true when the datagram was handed over, and {@code buf} released; false when the
     *     socket cannot take it now (congestion): {@code buf} is untouched, the caller drops it
     */
    abstract boolean send(ByteBuf buf, InetSocketAddress destination);

    /** One {@code sendto} per datagram on the event loop that owns the socket. */
    static final class Native extends DatagramSender {
        private final Socket socket;

        Native(Socket socket) {
            this.socket = socket;
        }

        @Override
        boolean send(ByteBuf buf, InetSocketAddress destination) {
            // The socket is closed on this same event loop, so an open check here cannot race a
            // close (a closed descriptor's number may already belong to another socket). A closed
            // socket takes nothing, as a closed channel is not writable on the pipeline path.
            if (!socket.isOpen()) {
                return false;
            }
            int sent;
            try {
                if (buf.hasMemoryAddress()) {
                    sent = socket.sendToAddress(buf.memoryAddress(), buf.readerIndex(), buf.writerIndex(),
                            destination.getAddress(), destination.getPort());
                } else {
                    ByteBuffer nio = buf.internalNioBuffer(buf.readerIndex(), buf.readableBytes());
                    sent = socket.sendTo(nio, nio.position(), nio.limit(), destination.getAddress(),
                            destination.getPort());
                }
            } catch (IOException e) {
                // An error for this destination (unreachable network, firewall): the datagram is
                // gone, as a failed write is in the pipeline path; the loop and the socket go on.
                sent = -1;
            }
            if (sent == 0 && buf.isReadable()) {
                return false; // EAGAIN: the send buffer is full
            }
            buf.release();
            return true;
        }
    }

    /**
     * One {@code sendto} through the JDK's non-blocking channel, on the event loop that owns the socket
     * ({@link JdkDatagramSocket}). The JDK keeps the native form of the last destination while the
     * same {@link InetSocketAddress} object comes again, so a latched destination costs no allocation.
     */
    static final class Jdk extends DatagramSender {
        private final java.nio.channels.DatagramChannel channel;

        Jdk(java.nio.channels.DatagramChannel channel) {
            this.channel = channel;
        }

        @Override
        boolean send(ByteBuf buf, InetSocketAddress destination) {
            // Closed on this same loop, as in Native: a closed socket takes nothing.
            if (!channel.isOpen()) {
                return false;
            }
            int sent;
            try {
                sent = channel.send(buf.internalNioBuffer(buf.readerIndex(), buf.readableBytes()), destination);
            } catch (IOException e) {
                // An error for this destination: the datagram is gone, the loop and the socket go on.
                sent = -1;
            }
            if (sent == 0 && buf.isReadable()) {
                return false; // no room in the send buffer
            }
            buf.release();
            return true;
        }
    }

    /** Netty's write path: an envelope per datagram, the write buffer's watermarks for congestion. */
    static final class Pipeline extends DatagramSender {
        private final Channel channel;

        Pipeline(Channel channel) {
            this.channel = channel;
        }

        @Override
        boolean send(ByteBuf buf, InetSocketAddress destination) {
            if (!channel.isWritable()) {
                return false;
            }
            channel.writeAndFlush(new DatagramPacket(buf, destination), channel.voidPromise());
            return true;
        }
    }
}
