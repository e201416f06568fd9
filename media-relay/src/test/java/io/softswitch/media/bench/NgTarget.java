package io.softswitch.media.bench;

import io.softswitch.media.SrtpSuite;
import io.softswitch.media.internal.srtp.SdesCrypto;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A relay in another process driven over rtpengine's ng control protocol (bencoded dictionaries
 * over UDP, each prefixed with a cookie that the reply echoes): rtpengine itself (userspace,
 * {@code --table=-1}) or our relay in {@link RelayNgServer}. CPU is read from {@code
 * /proc/<pid>/stat} (utime + stime of all its threads, GC and JIT included) for both.
 */
final class NgTarget implements Target {
    private static final long TICK_NANOS = 10_000_000L; // CLK_TCK = 100 on Linux x86_64

    private final String name;
    private final DatagramSocket control;
    private final InetSocketAddress ng;
    private final long pid;
    private final boolean srtp;
    private int cookie;

    NgTarget(String name, int ngPort, long pid) throws IOException {
        this(name, ngPort, pid, false);
    }

    /**
     * @param srtp the A endpoint offers SRTP (AES_CM_128_HMAC_SHA1_80, SDES) and B plain RTP: the relay
     *     translates RTP<->SRTP (for rtpengine, the offer asks {@code transport-protocol: RTP/AVP} for B)
     */
    NgTarget(String name, int ngPort, long pid, boolean srtp) throws IOException {
        this.srtp = srtp;
        this.name = name;
        this.ng = new InetSocketAddress(InetAddress.getLoopbackAddress(), ngPort);
        this.pid = pid;
        this.control = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        control.setSoTimeout(30_000); // a relay under overload may answer late; it must not abort the run
        Map<String, Object> pong = call(Map.of("command", "ping"));
        if (!"pong".equals(pong.get("result"))) {
            throw new IOException(name + " ping: " + pong);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Call open(int index, InetSocketAddress a, InetSocketAddress b) throws IOException {
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("command", "offer");
        offer.put("call-id", "bench-" + index);
        offer.put("from-tag", "a" + index);
        SdesCrypto keyA = srtp ? SdesCrypto.generate(1, SrtpSuite.AES_CM_128_HMAC_SHA1_80) : null;
        String offerSdp = Target.sdp(a, index);
        if (srtp) {
            offerSdp = offerSdp.replace("RTP/AVP", "RTP/SAVP") + keyA.toSdpLine() + "\r\n";
            offer.put("transport-protocol", "RTP/AVP");
        }
        offer.put("sdp", offerSdp);
        String toB = sdp(call(offer));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("command", "answer");
        answer.put("call-id", "bench-" + index);
        answer.put("from-tag", "a" + index);
        answer.put("to-tag", "b" + index);
        answer.put("sdp", Target.sdp(b, index));
        String toA = sdp(call(answer));
        if (!srtp) {
            return new Call(Target.audioPort(toA), Target.audioPort(toB));
        }
        if (toB.contains("a=crypto")) {
            throw new IOException(name + ": B was offered SRTP: " + toB);
        }
        SdesCrypto relayKey = null;
        for (String line : toA.split("\r?\n")) {
            if (line.startsWith("a=crypto:") && SdesCrypto.parse(line) instanceof SdesCrypto.Usable u
                    && u.crypto().suite() == SrtpSuite.AES_CM_128_HMAC_SHA1_80) {
                relayKey = u.crypto();
            }
        }
        if (relayKey == null) {
            throw new IOException(name + ": no AES_CM_128_HMAC_SHA1_80 key in the answer to A: " + toA);
        }
        if (System.getenv("BENCH_DEBUG") != null) {
            System.err.println("answer to A: " + toA);
        }
        return new Call(Target.audioPort(toA), Target.audioPort(toB), keyA, relayKey);
    }

    @Override
    public void close(int index) throws IOException {
        call(Map.of("command", "delete", "call-id", "bench-" + index, "from-tag", "a" + index));
    }

    private String sdp(Map<String, Object> reply) throws IOException {
        if (!"ok".equals(reply.get("result"))) {
            throw new IOException(name + ": " + reply);
        }
        return (String) reply.get("sdp");
    }

    private synchronized Map<String, Object> call(Map<String, Object> command) throws IOException {
        String id = "c" + (++cookie) + " ";
        byte[] body = Bencode.encode(command);
        byte[] message = new byte[id.length() + body.length];
        System.arraycopy(id.getBytes(StandardCharsets.US_ASCII), 0, message, 0, id.length());
        System.arraycopy(body, 0, message, id.length(), body.length);
        control.send(new DatagramPacket(message, message.length, ng));
        byte[] buffer = new byte[65536];
        while (true) {
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            control.receive(reply);
            byte[] data = Arrays.copyOf(buffer, reply.getLength());
            String text = new String(data, StandardCharsets.US_ASCII);
            if (text.startsWith(id)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) Bencode.decode(data, id.length(), data.length);
                return map;
            }
        }
    }

    @Override
    public long allocatedBytes() throws IOException {
        Map<String, Object> reply = call(Map.of("command", "bench-stats"));
        return "ok".equals(reply.get("result")) ? (Long) reply.get("allocated-bytes") : -1;
    }

    @Override
    public Map<String, Object> benchStats() throws IOException {
        Map<String, Object> reply = call(Map.of("command", "bench-stats", "take-lag", "yes"));
        return "ok".equals(reply.get("result")) ? reply : Map.of();
    }

    /** Packets relayed so far by the relay's own count (rtpengine's {@code totalstatistics.relayedpackets}). */
    @Override
    public long relayedPackets() throws IOException {
        if (call(Map.of("command", "statistics")).get("statistics") instanceof Map<?, ?> statistics
                && statistics.get("totalstatistics") instanceof Map<?, ?> total
                && total.get("relayedpackets") instanceof Long packets) {
            return packets;
        }
        return -1;
    }

    @Override
    public long cpuNanos() {
        return processCpuNanos(pid);
    }

    /** utime + stime of a whole process (all threads, not its children), -1 when it is gone. */
    static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS; // fields 14, 15
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        control.close();
    }
}
