package io.softswitch.media.bench;

import io.softswitch.media.CallRecording;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaRelay;
import io.softswitch.media.MediaRelaySettings;
import io.softswitch.media.MediaSession;
import io.softswitch.media.RecordingOptions;
import io.softswitch.media.SessionListener;
import io.softswitch.media.SessionOptions;
import io.softswitch.media.Side;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Recording cost (issue 19), in one run: two relays in this JVM, each with one event-loop thread,
 * carry the same G.711 load (CALLS sessions each, 50 packets/s per direction); the second records
 * every session (dual). Reported: CPU of each relay's loop per relayed packet (ThreadMXBean), the
 * recorded side also with its writer thread, their ratio, and the disk write rate.
 *
 * <p>Usage: {@code RecordingBench --calls=200 --seconds=20 --warmup=5 --dir=/tmp/rec}
 */
public final class RecordingBench {
    private RecordingBench() {
    }

    private record Side2(MediaRelay relay, List<MediaSession> sessions, List<DatagramChannel> peers, Set<Long> threads) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = MediaLoadGenerator.options(args);
        int calls = Integer.parseInt(o.getOrDefault("calls", "200"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        Path dir = Files.createDirectories(Path.of(o.getOrDefault("dir", "target/recording-bench")));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // Below Linux's ephemeral range (32768-60999 by default), where the peers' own sockets land:
        // a relay range inside it can find a port taken (seen at 40145).
        Side2 plain = open(calls, 20000, mx);
        Side2 recorded = open(calls, 20000 + 4 * calls + 100, mx);
        List<CallRecording> recordings = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            recordings.add(recorded.sessions().get(i).startRecording(
                    new RecordingOptions(dir.resolve("bench-" + System.nanoTime() + "-" + i + ".wav"), true, false)));
        }
        byte[] payload = new byte[12 + 160];
        payload[0] = (byte) 0x80;
        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
        long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
        long[] cpuPlain = null;
        long[] cpuRec = null;
        long packetsAtMeasure = 0;
        long packets = 0;
        int tick = 0;
        long writerCpu0 = 0;
        for (long next = start; next < end; next += 20_000_000L, tick++) {
            if (cpuPlain == null && next >= measureFrom) {
                cpuPlain = cpu(mx, plain.threads());
                cpuRec = cpu(mx, recorded.threads());
                writerCpu0 = writerCpu(mx);
                packetsAtMeasure = packets;
            }
            ByteBuffer b = ByteBuffer.wrap(payload);
            b.putShort(2, (short) tick).putInt(4, tick * 160);
            for (Side2 s : List.of(plain, recorded)) {
                for (int i = 0; i < calls; i++) {
                    for (Side leg : Side.values()) {
                        DatagramChannel ch = s.peers().get(2 * i + leg.ordinal());
                        payload[8] = (byte) i;
                        payload[11] = (byte) leg.ordinal();
                        for (int k = 12; k < payload.length; k++) {
                            payload[k] = (byte) (leg == Side.A ? 0x55 ^ k : 0x2a ^ (k + tick));
                        }
                        ch.send(ByteBuffer.wrap(payload), new InetSocketAddress(InetAddress.getLoopbackAddress(),
                                s.sessions().get(i).localRtpPort(leg)));
                    }
                }
            }
            packets += 2L * calls;
            LockSupport.parkNanos(Math.max(0, next + 20_000_000L - System.nanoTime()));
        }
        long[] cpuPlain1 = cpu(mx, plain.threads());
        long[] cpuRec1 = cpu(mx, recorded.threads());
        long writer = writerCpu(mx) - writerCpu0;
        long measured = packets - packetsAtMeasure;
        long bytes0 = 0;
        for (CallRecording r : recordings) {
            bytes0 += r.stop().toCompletableFuture().get().bytes();
        }
        double plainNs = (cpuPlain1[0] - cpuPlain[0]) / (double) measured;
        double recLoopNs = (cpuRec1[0] - cpuRec[0]) / (double) measured;
        double recNs = recLoopNs + writer / (double) measured;
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("calls=%d packets/relay=%d (measured %d s after %d s warm-up)%n", calls, measured, seconds, warmup);
        System.out.printf("cpu per packet: unrecorded %.0f ns, recorded %.0f ns on the loop + %.0f ns writer = %.0f ns,"
                + " ratio %.2f%n", plainNs, recLoopNs, writer / (double) measured, recNs, recNs / plainNs);
        System.out.printf("disk: %.1f MB written by %d recordings in %.1f s = %.2f MB/s (%.1f kB/s per call)%n",
                bytes0 / 1e6, calls, elapsed, bytes0 / 1e6 / elapsed, bytes0 / 1e3 / elapsed / calls);
        for (CallRecording r : recordings) {
            Files.deleteIfExists(r.options().file());
        }
        plain.relay().close();
        recorded.relay().close();
    }

    private static Side2 open(int calls, int portBase, ThreadMXBean mx) throws Exception {
        Set<Long> before = new HashSet<>();
        for (long id : mx.getAllThreadIds()) {
            before.add(id);
        }
        MediaRelay relay = MediaRelay.start(MediaRelaySettings.defaults(InetAddress.getLoopbackAddress())
                .withPorts(portBase, portBase + 4 * calls + 40).withPortQuarantine(Duration.ZERO).withEventLoopThreads(1),
                MediaEvents.NONE);
        List<MediaSession> sessions = new ArrayList<>();
        List<DatagramChannel> peers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            MediaSession s = relay.createSession("bench-" + i, SessionOptions.DEFAULT, new SessionListener() {
            });
            DatagramChannel a = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            DatagramChannel b = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            s.offer(Side.A, sdp(((InetSocketAddress) a.getLocalAddress()).getPort()));
            s.answer(Side.B, sdp(((InetSocketAddress) b.getLocalAddress()).getPort()));
            sessions.add(s);
            peers.add(a);
            peers.add(b);
        }
        Set<Long> threads = new HashSet<>();
        for (long id : mx.getAllThreadIds()) {
            if (!before.contains(id)) {
                threads.add(id);
            }
        }
        return new Side2(relay, sessions, peers, threads);
    }

    private static String sdp(int port) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port
                + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    /** CPU nanoseconds of the relay's threads that are not the recording writer. */
    private static long[] cpu(ThreadMXBean mx, Set<Long> ids) {
        long sum = 0;
        for (long id : ids) {
            var info = mx.getThreadInfo(id);
            if (info != null && !info.getThreadName().startsWith("media-recording-writer")) {
                sum += Math.max(0, mx.getThreadCpuTime(id));
            }
        }
        return new long[] {sum};
    }

    private static long writerCpu(ThreadMXBean mx) {
        long sum = 0;
        for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("media-recording-writer")) {
                sum += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }
}
