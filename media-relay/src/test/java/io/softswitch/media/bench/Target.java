package io.softswitch.media.bench;

import io.softswitch.media.internal.srtp.SdesCrypto;
import java.net.InetSocketAddress;

/** What the generator drives: where each call's two endpoints must send. */
interface Target extends AutoCloseable {

    /**
     * Ports the A endpoint and B endpoint send to; with SRTP on the A leg, A's own key (what A sends
     * is protected with it) and the relay's key for A (what A receives is protected with it), else null.
     */
    record Call(int sendPortA, int sendPortB, SdesCrypto keyA, SdesCrypto relayKeyA) {
        Call(int sendPortA, int sendPortB) {
            this(sendPortA, sendPortB, null, null);
        }
    }

    String name();

    /** Sets up call {@code index} for endpoints at {@code a} and {@code b}. */
    Call open(int index, InetSocketAddress a, InetSocketAddress b) throws Exception;

    /** Tears the call down. */
    void close(int index) throws Exception;

    /** CPU time consumed by the relay so far, in nanoseconds (-1 when not measurable). */
    long cpuNanos();

    /** Packets relayed so far, by the relay's own count (-1 when unknown). */
    default long relayedPackets() throws Exception {
        return -1;
    }

    /** Bytes allocated by the relay's packet threads so far (-1 when not measurable). */
    default long allocatedBytes() throws Exception {
        return -1;
    }

    /** The relay's {@code bench-stats} (our relay only: latency buckets, overload drops), or an empty map. */
    default java.util.Map<String, Object> benchStats() throws Exception {
        return java.util.Map.of();
    }

    @Override
    void close() throws Exception;

    static String sdp(InetSocketAddress endpoint, long sessionId) {
        String ip = endpoint.getAddress().getHostAddress();
        return "v=0\r\no=- " + sessionId + " 1 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip + "\r\nt=0 0\r\n"
                + "m=audio " + endpoint.getPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    static int audioPort(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=audio ")) {
                return Integer.parseInt(line.split(" ")[1]);
            }
        }
        throw new IllegalStateException("no m=audio in " + sdp);
    }
}
