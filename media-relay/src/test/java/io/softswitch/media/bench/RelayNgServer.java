package io.softswitch.media.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.media.DropReason;
import io.softswitch.media.Side;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaRelay;
import io.softswitch.media.MediaRelaySettings;
import io.softswitch.media.MediaSession;
import io.softswitch.media.MediaStats;
import io.softswitch.media.MediaUnavailableException;
import io.softswitch.media.SdpResult;
import io.softswitch.media.SessionListener;
import io.softswitch.media.SessionOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Our relay in a process of its own, controlled like rtpengine: the ng protocol (a cookie, a
 * space, a bencoded dictionary, over UDP; the reply echoes the cookie), so the load generator
 * drives both relays through the same {@link NgTarget} and reads both processes' CPU from
 * {@code /proc}. Commands: {@code ping}, {@code offer} (creates the session on the first offer of a
 * call-id; the first from-tag is leg A), {@code answer}, {@code delete}, {@code statistics} (only
 * the packets relayed, in rtpengine's {@code totalstatistics.relayedpackets}) and {@code
 * bench-stats} (ours only: bytes allocated by the media event loop threads).
 *
 * <p>Bad requests (not bencode, not a dictionary, unknown command, missing key, SDP rejected,
 * ports exhausted) get {@code result=error} with an {@code error-reason}, as rtpengine answers them.
 * One control thread; the relay's packet path runs on its own event loops.
 *
 * <pre>
 * java ... RelayNgServer [--ng-port=22223] [--port-min=30000] [--port-max=49999] [--threads=1]
 *     [--metrics=micrometer|none] [--max-queue-delay-ms=50]
 * </pre>
 */
public final class RelayNgServer implements AutoCloseable {
    /** Largest control message; rtpengine's limit is similar. */
    private static final int MAX_MESSAGE = 65_536;

    private final MediaRelay relay;
    private final DatagramSocket control;
    private final Map<String, Call> calls = new HashMap<>(); // control thread only
    private final Thread thread;
    private final LongAdder relayed = new LongAdder();
    private final MediaEvents meters;

    private record Call(MediaSession session, String fromTag) {
    }

    /** -Dbench.traceShedding=true: one line a second per loop with its largest lag and the sessions shed and resumed. */
    private static final boolean TRACE_SHEDDING = Boolean.getBoolean("bench.traceShedding");
    private final java.util.concurrent.atomic.AtomicInteger shedSteps = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger resumeSteps = new java.util.concurrent.atomic.AtomicInteger();

    public RelayNgServer(MediaRelaySettings settings, MediaEvents events, int ngPort) throws SocketException {
        this.meters = events;
        this.relay = MediaRelay.start(settings, new MediaEvents() { // counts, then passes everything on
            @Override
            public void packetRelayed(Side from, boolean rtcp, int bytes) {
                relayed.increment();
                events.packetRelayed(from, rtcp, bytes);
            }

            @Override
            public void relayLatency(long nanos) {
                events.relayLatency(nanos);
            }

            @Override
            public void packetDropped(Side from, DropReason reason) {
                events.packetDropped(from, reason);
            }

            @Override
            public void packetsDropped(Side from, DropReason reason, long count) {
                events.packetsDropped(from, reason, count);
            }

            @Override
            public void sessionShed(String label, boolean shed) {
                (shed ? shedSteps : resumeSteps).incrementAndGet();
                events.sessionShed(label, shed);
            }

            @Override
            public void loopLag(long maxNanos) {
                if (TRACE_SHEDDING) { // once a second per loop, on the loop: what overload control did
                    System.out.printf("shedding t=%d lag_max_ms=%.1f shed=%d resumed=%d%n",
                            System.currentTimeMillis() / 1000 % 100_000, maxNanos / 1e6,
                            shedSteps.getAndSet(0), resumeSteps.getAndSet(0));
                }
                events.loopLag(maxNanos);
            }

            @Override
            public void sessionOpened(int activeSessions, int portsInUse) {
                events.sessionOpened(activeSessions, portsInUse);
            }

            @Override
            public void sessionClosed(MediaStats stats, int activeSessions, int portsInUse) {
                events.sessionClosed(stats, activeSessions, portsInUse);
            }

            @Override
            public void allocationFailed(String reason) {
                events.allocationFailed(reason);
            }
        });
        this.control = new DatagramSocket(ngPort, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "ng-control");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return control.getLocalPort();
    }

    int activeSessions() {
        return relay.activeSessions();
    }

    private void serve() {
        byte[] buffer = new byte[MAX_MESSAGE];
        while (!control.isClosed()) {
            DatagramPacket request = new DatagramPacket(buffer, buffer.length);
            try {
                control.receive(request);
            } catch (IOException e) {
                return; // closed
            }
            byte[] reply = handle(buffer, request.getLength());
            try {
                control.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
            } catch (IOException e) {
                // the client went away: nothing to answer
            }
        }
    }

    /** One request (cookie, space, bencoded dictionary) to its reply, never throwing. */
    byte[] handle(byte[] data, int length) {
        int space = -1;
        for (int i = 0; i < length; i++) {
            if (data[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space <= 0) {
            return "error ng: no cookie (expected: cookie, space, bencoded dictionary)"
                    .getBytes(StandardCharsets.US_ASCII);
        }
        String cookie = new String(data, 0, space + 1, StandardCharsets.US_ASCII);
        Map<String, Object> reply;
        try {
            Object request = Bencode.decode(data, space + 1, length);
            if (!(request instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("ng: request is not a dictionary");
            }
            reply = dispatch(map);
        } catch (IllegalArgumentException e) {
            reply = error(e.getMessage());
        }
        byte[] body = Bencode.encode(reply);
        byte[] out = new byte[space + 1 + body.length];
        System.arraycopy(cookie.getBytes(StandardCharsets.US_ASCII), 0, out, 0, space + 1);
        System.arraycopy(body, 0, out, space + 1, body.length);
        return out;
    }

    private Map<String, Object> dispatch(Map<?, ?> request) {
        String command = string(request, "command");
        switch (command) {
            case "ping":
                return Map.of("result", "pong");
            case "offer":
                return offer(request);
            case "answer":
                return answer(request);
            case "delete": {
                Call call = calls.remove(string(request, "call-id"));
                if (call == null) {
                    return error("Unknown call-id");
                }
                call.session().close();
                return Map.of("result", "ok");
            }
            case "statistics":
                return Map.of("result", "ok", "statistics",
                        Map.of("totalstatistics", Map.of("relayedpackets", relayed.sum())));
            case "bench-stats": {
                Map<String, Object> stats = new LinkedHashMap<>();
                stats.put("result", "ok");
                stats.put("allocated-bytes", allocatedBytes("media-relay"));
                stats.put("sessions", (long) relay.activeSessions());
                if (meters instanceof PacketMeters m) {
                    stats.put("latency-buckets", m.latencyBuckets());
                    stats.put("overload-drops", m.drops(DropReason.OVERLOAD));
                    stats.put("shed-sessions", m.shedSessions());
                    // the largest loop lag since the last request that asked to take it (the window's start)
                    stats.put("max-loop-lag-us", ("yes".equals(request.get("take-lag")) ? m.takeMaxLoopLag()
                            : m.maxLoopLag()) / 1000);
                }
                return stats;
            }
            default:
                return error("Unrecognized command: " + command);
        }
    }

    private Map<String, Object> offer(Map<?, ?> request) {
        String callId = string(request, "call-id");
        String fromTag = string(request, "from-tag");
        Call call = calls.get(callId);
        if (call == null) {
            try {
                call = new Call(relay.createSession(callId, SessionOptions.DEFAULT, SessionListener.NONE), fromTag);
            } catch (MediaUnavailableException e) {
                return error(e.getMessage());
            }
            calls.put(callId, call);
        }
        Side from = fromTag.equals(call.fromTag()) ? Side.A : Side.B;
        return sdpReply(call.session().offer(from, string(request, "sdp")));
    }

    private Map<String, Object> answer(Map<?, ?> request) {
        Call call = calls.get(string(request, "call-id"));
        if (call == null) {
            return error("Unknown call-id");
        }
        // the answer comes from the side that did not offer: the to-tag's side
        Side from = string(request, "from-tag").equals(call.fromTag()) ? Side.B : Side.A;
        return sdpReply(call.session().answer(from, string(request, "sdp")));
    }

    private static Map<String, Object> sdpReply(SdpResult result) {
        if (result instanceof SdpResult.Rewritten r) {
            return Map.of("result", "ok", "sdp", r.sdp());
        }
        return error(((SdpResult.Rejected) result).reason());
    }

    private static Map<String, Object> error(String reason) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("result", "error");
        reply.put("error-reason", reason == null ? "error" : reason);
        return reply;
    }

    private static String string(Map<?, ?> request, String key) {
        if (request.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("ng: " + key + ": " + request.get(key) + " (expected: a string)");
    }

    /** Bytes allocated so far by the threads whose name starts with {@code prefix} (HotSpot's TLAB accounting). */
    static long allocatedBytes(String prefix) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        // ThreadInfo without stack traces: no safepoint, so a busy relay answers at once
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            }
        }
        return total;
    }

    @Override
    public void close() {
        control.close();
        relay.close();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = MediaLoadGenerator.options(args);
        // As the daemon does (RunCommand): without it Netty samples buffers for leaks, which costs
        // CPU and a stack-trace record per sampled buffer on the packet path the daemon does not have.
        MediaRelay.productionLeakDetection();
        // The relay warms jitsi-srtp up in the background at start; the bench waits for it before the
        // ng port answers, so no SRTP run measures that one-time benchmark.
        io.softswitch.media.internal.srtp.SrtpWarmUp.await(Duration.ofSeconds(120));
        int portMin = Integer.parseInt(o.getOrDefault("port-min", "30000"));
        MediaRelaySettings settings = MediaRelaySettings.defaults(InetAddress.getLoopbackAddress())
                .withPorts(portMin, Integer.parseInt(o.getOrDefault("port-max", String.valueOf(portMin + 19_999))))
                .withPortQuarantine(Duration.ZERO)
                .withRtpTimeout(Duration.ZERO)
                .withEventLoopThreads(Integer.parseInt(o.getOrDefault("threads", "1")))
                .withMaxQueueDelay(Duration.ofMillis(Long.parseLong(o.getOrDefault("max-queue-delay-ms",
                        String.valueOf(MediaRelaySettings.DEFAULT_MAX_QUEUE_DELAY.toMillis())))));
        // Micrometer meters by default, so the per-packet cost of the daemon's media meters is measured
        MediaEvents events = switch (o.getOrDefault("metrics", "micrometer")) {
            case "micrometer" -> new PacketMeters(new SimpleMeterRegistry());
            case "none" -> MediaEvents.NONE;
            default -> throw new IllegalArgumentException("metrics: " + o.get("metrics") + " (expected: micrometer, none)");
        };
        RelayNgServer server = new RelayNgServer(settings, events, Integer.parseInt(o.getOrDefault("ng-port", "22223")));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("relay-ng listening on 127.0.0.1:" + server.port() + " transport=" + server.relay.transport()
                + " threads=" + settings.eventLoopThreads() + " max_queue_delay=" + settings.maxQueueDelay()
                + " pid=" + ProcessHandle.current().pid());
        server.thread.join();
    }
}
