package io.softswitch.media.bench;

import io.softswitch.media.Leg;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaRelay;
import io.softswitch.media.MediaRelaySettings;
import io.softswitch.media.MediaSession;
import io.softswitch.media.SdpResult;
import io.softswitch.media.SessionListener;
import io.softswitch.media.SessionOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Recorder;

/** Our relay, in this JVM, through its public API; CPU is the sum over its event loop threads. */
final class RelayTarget implements Target {
    private final MediaRelay relay;
    private final Map<Integer, MediaSession> sessions = new ConcurrentHashMap<>();
    /** The relay's own receive-to-send latency, in nanoseconds. */
    final Recorder internalLatency = new Recorder(3);

    RelayTarget(int threads, int portMin) {
        MediaEvents events = new MediaEvents() {
            @Override
            public void packetRelayed(Leg from, boolean rtcp, int bytes, long latencyNanos) {
                internalLatency.recordValue(latencyNanos);
            }
        };
        relay = MediaRelay.start(MediaRelaySettings.defaults(InetAddress.getLoopbackAddress())
                .withPorts(portMin, Math.min(65535, portMin + 19_999))
                .withPortQuarantine(Duration.ZERO)
                .withEventLoopThreads(threads), events);
    }

    @Override
    public String name() {
        return "relay(" + relay.transport() + ")";
    }

    @Override
    public Call open(int index, InetSocketAddress a, InetSocketAddress b) throws Exception {
        MediaSession session = relay.createSession("bench-" + index, SessionOptions.DEFAULT, SessionListener.NONE);
        sessions.put(index, session);
        String toB = ((SdpResult.Rewritten) session.offer(Leg.A, Target.sdp(a, index))).sdp();
        String toA = ((SdpResult.Rewritten) session.answer(Leg.B, Target.sdp(b, index))).sdp();
        return new Call(Target.audioPort(toA), Target.audioPort(toB));
    }

    @Override
    public void close(int index) {
        sessions.remove(index).close();
    }

    @Override
    public long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("media-relay")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    @Override
    public void close() {
        relay.close();
    }
}
