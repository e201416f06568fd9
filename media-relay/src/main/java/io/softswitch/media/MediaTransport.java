package io.softswitch.media;

/**
 * The relay's socket layer ({@code media.transport}); all relay the same packets the same way, they
 * differ in cost (bench/media/RESULTS.md).
 */
public enum MediaTransport {
    /**
     * The JDK's non-blocking datagram channels on Netty's NIO event loops, without Netty channels:
     * nothing allocated per relayed packet, the least CPU per packet (the default).
     */
    JDK,
    /** Netty's native epoll channels (Linux x86_64 and aarch64 only). */
    EPOLL,
    /** Netty's NIO channels. */
    NIO
}
