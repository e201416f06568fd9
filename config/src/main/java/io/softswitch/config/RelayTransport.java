package io.softswitch.config;

/** The RTP relay's socket layer ({@code media.transport}). */
public enum RelayTransport {
    /** The JDK's datagram channels: nothing allocated per packet, the least CPU per packet (default). */
    JDK,
    /** Netty's native epoll channels (Linux x86_64 and aarch64). */
    EPOLL,
    /** Netty's NIO channels. */
    NIO
}
