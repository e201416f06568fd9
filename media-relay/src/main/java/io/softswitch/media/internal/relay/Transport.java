package io.softswitch.media.internal.relay;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The native epoll transport when it loads (Linux x86_64), NIO otherwise. */
record Transport(String name, IoHandlerFactory ioHandlers, Class<? extends DatagramChannel> channelType) {

    static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollDatagramChannel.class);
        }
        return nio();
    }

    /** The JDK's NIO transport: the fallback, and what tests of the fallback use on Linux too. */
    static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioDatagramChannel.class);
    }

    /** Daemon threads named {@code media-relay-<n>-<i>}, so CPU use per thread can be attributed. */
    MultiThreadIoEventLoopGroup newGroup(int threads) {
        return newGroup(threads, ioHandlers);
    }

    /** As {@link #newGroup(int)} with {@code handlers} (this transport's, wrapped) instead. */
    MultiThreadIoEventLoopGroup newGroup(int threads, IoHandlerFactory handlers) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("media-relay", true), handlers);
    }
}
