package io.softswitch.media.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.softswitch.media.internal.srtp.SrtpStream;
import io.softswitch.media.internal.srtp.SrtpTranslator;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Opens N calls through a {@link Target} and pumps G.711-sized RTP (172-byte packets: 12-byte
 * header + 160 bytes, 20 ms ptime, sequence +1 and timestamp +160 per packet, one SSRC per
 * stream) in both directions, 50 packets/s per direction per call: N calls put 100·N packets/s
 * into the relay and take 100·N out. Each packet carries its send time and whether it belongs to
 * the measured window; the receiving endpoint records one-way latency.
 *
 * <p>Built to offer 200k packets/s from one core (Linux epoll transport required): one event
 * loop thread; the calls' endpoints share {@code --sockets} sockets per side (the relay sends to
 * whatever address the SDP gives, so one socket can be the endpoint of many calls), so each 1 ms
 * tick's packets leave in one {@code sendmmsg} per socket and arrive through {@code recvmmsg}.
 * The relay still sees one socket pair per call leg, as with real endpoints.
 *
 * <p>Biases handled: sends are spread over the 20 ms period in 1 ms slots (no bursts of N
 * packets); the first {@code warmup} seconds are excluded from loss, latency and CPU (JIT,
 * caches); loss counts exactly the packets sent inside the window (a flag in the payload), which
 * may arrive after it closes; the same generator measures the no-relay baseline ({@code
 * direct}), which shows the generator's own latency and how many packets per second it can
 * offer; the generator's GC pauses in the window are reported.
 *
 * <pre>
 * java ... MediaLoadGenerator --target=direct|ng --calls=500 [--name=relay] [--ng-port=P --pid=PID]
 *     [--seconds=20] [--warmup=10] [--sockets=8] [--srtp=true]
 * </pre>
 *
 * <p>{@code --srtp=true} (ng targets): the A endpoint offers SRTP ({@code AES_CM_128_HMAC_SHA1_80},
 * SDES) and B plain RTP, so the relay decrypts A->B and encrypts B->A: its CPU per packet is the
 * SRTP<->RTP translation's. The generator encrypts A's packets and decrypts what reaches A (with the
 * relay's key from the answer) on its own core, so latency is still read from the plain payload; a
 * packet that does not decrypt is not counted as received.
 */
public final class MediaLoadGenerator {
    private static final int SLOTS = 20; // 1 ms slots in the 20 ms packet period
    private static final int PACKET = 172;
    private static final int TIME_OFFSET = 12; // send time (System.nanoTime) in the payload
    private static final int WINDOW_OFFSET = 20; // 1 when sent inside the measured window
    private static final int READ_BATCH = 32; // datagrams per recvmmsg

    /** Results of one run; latencies in nanoseconds. */
    public record Result(String target, int calls, int seconds, long sentInWindow, long receivedInWindow,
            double lossPercent, long p50, long p99, long p999, long max, double relayCpuPercent,
            double cpuNanosPerPacket, double relayBytesPerPacket, double generatorCpuPercent, long generatorGcMillis,
            double load1, long relayedInWindow, long relayMetricP50, long relayMetricP99, long overloadDrops,
            long shedAtEnd, long maxLoopLagMicros) {
        double offeredPps() {
            return (double) sentInWindow / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "target=%s calls=%d nominal_pps_in=%d offered_pps_in=%.0f sent=%d "
                    + "received=%d loss=%.4f%% latency_us p50=%.1f p99=%.1f p99.9=%.1f max=%.1f relay_cpu=%.1f%% "
                    + "cpu_ns_per_packet=%.0f relay_alloc_bytes_per_packet=%.1f generator_cpu=%.1f%% generator_gc_ms=%d "
                    + "load1=%.2f relayed_by_target=%d relay_metric_p50_us=%d relay_metric_p99_us=%d overload_drops=%d "
                    + "shed_sessions_at_end=%d max_loop_lag_us=%d",
                    target, calls, calls * 100, offeredPps(), sentInWindow, receivedInWindow, lossPercent, p50 / 1e3,
                    p99 / 1e3, p999 / 1e3, max / 1e3, relayCpuPercent, cpuNanosPerPacket, relayBytesPerPacket,
                    generatorCpuPercent, generatorGcMillis, load1, relayedInWindow, relayMetricP50, relayMetricP99,
                    overloadDrops, shedAtEnd, maxLoopLagMicros);
        }
    }

    /** One direction of one call: what the endpoint sends and where. */
    private static final class Stream {
        final Channel out;
        final InetSocketAddress destination;
        /** Protects what this endpoint sends (the SRTP A leg), else null. */
        SrtpStream protect;
        int sequence = ThreadLocalRandom.current().nextInt(65536);
        int timestamp = ThreadLocalRandom.current().nextInt();
        final int ssrc = ThreadLocalRandom.current().nextInt();

        Stream(Channel out, InetSocketAddress destination) {
            this.out = out;
            this.destination = destination;
        }
    }

    /** Everything the generator loop owns; touched only on that loop. */
    private static final class LoopState {
        final List<List<Stream>> slots = new ArrayList<>();
        final List<Channel> channels = new ArrayList<>();
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        /** SRTP mode: the relay's stream towards A, by the SSRC of the B stream it carries. */
        final Map<Integer, SrtpStream> unprotect = new HashMap<>();
        final SrtpTranslator srtp = new SrtpTranslator(512); // SRTP packets are PACKET + the tag
        long srtpFailures;
        boolean window;
        long sentInWindow;
        long receivedInWindow;
        long sent;
        int tick;

        LoopState() {
            for (int i = 0; i < SLOTS; i++) {
                slots.add(new ArrayList<>());
            }
        }

        void sendSlot() {
            List<Stream> slot = slots.get(tick++ % SLOTS);
            byte flag = (byte) (window ? 1 : 0);
            for (int i = 0; i < slot.size(); i++) {
                Stream s = slot.get(i);
                ByteBuf buf = s.out.alloc().directBuffer(PACKET);
                // RFC 3550 section 5.1: V=2, PT=0 (PCMU), sequence +1, timestamp +160 (20 ms at 8 kHz)
                buf.writeByte(0x80).writeByte(0).writeShort(s.sequence).writeInt(s.timestamp).writeInt(s.ssrc)
                        .writeLong(System.nanoTime()).writeByte(flag).writeZero(PACKET - WINDOW_OFFSET - 1);
                if (s.protect != null) {
                    srtp.translate(buf, false, s.ssrc, s.protect); // in place: the direct buffer grows by the tag
                    buf = srtp.output();
                }
                s.out.write(new DatagramPacket(buf, s.destination), s.out.voidPromise());
                s.sequence = (s.sequence + 1) & 0xFFFF;
                s.timestamp += 160;
            }
            sent += slot.size();
            if (window) {
                sentInWindow += slot.size();
            }
            for (int i = 0; i < channels.size(); i++) {
                channels.get(i).flush(); // one sendmmsg per socket for this tick
            }
        }
    }

    private static final class Receiver extends ChannelInboundHandlerAdapter {
        private final LoopState state;

        Receiver(LoopState state) {
            this.state = state;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            DatagramPacket packet = (DatagramPacket) msg;
            try {
                ByteBuf buf = packet.content();
                if (!state.unprotect.isEmpty() && buf.readableBytes() >= 12) {
                    SrtpStream stream = state.unprotect.get(buf.getInt(buf.readerIndex() + 8));
                    if (stream != null) {
                        if (state.srtp.translate(buf, false, buf.getInt(buf.readerIndex() + 8), stream)
                                != SrtpStream.Result.OK) {
                            state.srtpFailures++;
                            return;
                        }
                        buf = state.srtp.output(); // decrypted in place (it only shrinks)
                    }
                }
                if (buf.readableBytes() > WINDOW_OFFSET && buf.getByte(buf.readerIndex() + WINDOW_OFFSET) == 1) {
                    state.receivedInWindow++;
                    long nanos = Math.max(0, now - buf.getLong(buf.readerIndex() + TIME_OFFSET));
                    state.latency.recordValue(Math.min(nanos, state.latency.getHighestTrackableValue()));
                }
            } finally {
                packet.release();
            }
        }
    }

    private MediaLoadGenerator() {
    }

    public static Result run(Target target, int calls, int seconds, int warmupSeconds, int socketsPerSide)
            throws Exception {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("the load generator needs Netty's native epoll transport",
                    Epoll.unavailabilityCause());
        }
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("loadgen", true), EpollIoHandler.newFactory());
        EventLoop loop = group.next();
        LoopState state = new LoopState();
        ScheduledFuture<?> ticker = null;
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            Channel[] sideA = new Channel[socketsPerSide];
            Channel[] sideB = new Channel[socketsPerSide];
            for (int i = 0; i < socketsPerSide; i++) {
                sideA[i] = bind(loop, state, loopback);
                sideB[i] = bind(loop, state, loopback);
            }
            List<Stream[]> streams = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                Channel a = sideA[i % socketsPerSide];
                Channel b = sideB[i % socketsPerSide];
                Target.Call call = target.open(i, (InetSocketAddress) a.localAddress(), (InetSocketAddress) b.localAddress());
                Stream[] pair = {new Stream(a, new InetSocketAddress(loopback, call.sendPortA())),
                        new Stream(b, new InetSocketAddress(loopback, call.sendPortB()))};
                if (call.keyA() != null) {
                    pair[0].protect = SrtpStream.protect(call.keyA());
                    SrtpStream toA = SrtpStream.unprotect(call.relayKeyA());
                    loop.submit(() -> state.unprotect.put(pair[1].ssrc, toA)).sync();
                }
                streams.add(pair);
            }
            loop.submit(() -> {
                for (int i = 0; i < streams.size(); i++) {
                    state.slots.get(i % SLOTS).add(streams.get(i)[0]);
                    state.slots.get((i + SLOTS / 2) % SLOTS).add(streams.get(i)[1]);
                }
                state.channels.addAll(List.of(sideA));
                state.channels.addAll(List.of(sideB));
            }).sync();
            ticker = loop.scheduleAtFixedRate(state::sendSlot, 1, 1, TimeUnit.MILLISECONDS);
            TimeUnit.SECONDS.sleep(warmupSeconds); // a benchmark phase, not a test wait

            long self = ProcessHandle.current().pid();
            long alloc0 = target.allocatedBytes();
            long relayed0 = target.relayedPackets();
            long cpu0 = target.cpuNanos();
            long gen0 = NgTarget.processCpuNanos(self);
            long gc0 = gcMillis();
            Map<String, Object> stats0 = target.benchStats();
            loop.submit(() -> {
                state.latency.reset();
                state.window = true;
            }).sync();
            long wall0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            loop.submit(() -> {
                state.window = false;
            }).sync();
            long wall = System.nanoTime() - wall0;
            long cpu = target.cpuNanos() - cpu0;
            long gen = NgTarget.processCpuNanos(self) - gen0;
            long alloc = target.allocatedBytes() - alloc0;
            long relayedByTarget = target.relayedPackets() - relayed0;
            long gc = gcMillis() - gc0;
            Map<String, Object> stats1 = target.benchStats();
            long[] window = bucketDelta(stats0, stats1);
            double load1 = Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            // packets of the window still in flight arrive during this second of unflagged traffic
            TimeUnit.SECONDS.sleep(1);
            ticker.cancel(false);
            ticker = null;
            Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long[] counts = loop.submit(() -> {
                if (!state.unprotect.isEmpty()) {
                    System.err.println("srtp packets to A that did not decrypt: " + state.srtpFailures);
                }
                latency.add(state.latency);
                return new long[] {state.sentInWindow, state.receivedInWindow};
            }).get();
            for (int i = 0; i < calls; i++) {
                target.close(i);
            }
            long sent = counts[0];
            long received = counts[1];
            // per packet the relay handled in the window: its own count when it has one (a relay that
            // falls behind handles fewer than were sent), else what arrived
            long relayed = relayed0 >= 0 ? relayedByTarget : received;
            boolean measurable = cpu0 >= 0;
            return new Result(target.name(), calls, seconds, sent, received,
                    sent == 0 ? 100 : 100.0 * (sent - received) / sent,
                    latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                    latency.getValueAtPercentile(99.9), latency.getMaxValue(),
                    measurable ? 100.0 * cpu / wall : Double.NaN,
                    measurable && relayed > 0 ? (double) cpu / relayed : Double.NaN,
                    alloc0 >= 0 && relayed > 0 ? (double) alloc / relayed : Double.NaN,
                    100.0 * gen / wall, gc, load1, relayed0 >= 0 ? relayedByTarget : -1,
                    bucketPercentile(stats1, window, 50), bucketPercentile(stats1, window, 99),
                    stats0.get("overload-drops") instanceof Long d0 && stats1.get("overload-drops") instanceof Long d1
                            ? d1 - d0 : -1,
                    stats1.get("shed-sessions") instanceof Long shedNow ? shedNow : -1,
                    stats1.get("max-loop-lag-us") instanceof Long lagMax ? lagMax : -1);
        } finally {
            if (ticker != null) {
                ticker.cancel(false);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static Channel bind(EventLoop loop, LoopState state, InetAddress address) throws InterruptedException {
        return new Bootstrap().group(loop)
                .channel(EpollDatagramChannel.class)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.SO_RCVBUF, 4 << 20) // the kernel caps it at net.core.rmem_max
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                // recvmmsg: each read takes up to READ_BATCH datagrams of at most 512 bytes
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 512)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(512 * READ_BATCH))
                .handler(new Receiver(state))
                .bind(new InetSocketAddress(address, 0)).sync().channel();
    }

    /** The relay's latency samples per bucket in the window (end - start), null when it has no buckets. */
    private static long[] bucketDelta(Map<String, Object> start, Map<String, Object> end) {
        if (!(start.get("latency-buckets") instanceof List<?> a) || !(end.get("latency-buckets") instanceof List<?> b)
                || a.size() != b.size()) {
            return null;
        }
        long[] delta = new long[a.size()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (Long) ((List<?>) b.get(i)).get(1) - (Long) ((List<?>) a.get(i)).get(1);
        }
        return delta;
    }

    /**
     * The upper bound (µs) of the bucket holding the relay metric's {@code percentile}: what a
     * Prometheus {@code histogram_quantile} can resolve at best; -1 without buckets or samples, 0 for +Inf.
     */
    private static long bucketPercentile(Map<String, Object> end, long[] window, double percentile) {
        if (window == null) {
            return -1;
        }
        long total = 0;
        for (long c : window) {
            total += c;
        }
        if (total == 0) {
            return -1;
        }
        List<?> rows = (List<?>) end.get("latency-buckets");
        long rank = (long) Math.ceil(total * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < window.length; i++) {
            seen += window[i];
            if (seen >= rank) {
                long bound = (Long) ((List<?>) rows.get(i)).get(0);
                return bound < 0 ? 0 : bound;
            }
        }
        return 0;
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("argument: " + arg + " (expected: --name=value)");
            }
            o.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return o;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String kind = o.getOrDefault("target", "ng");
        int calls = Integer.parseInt(o.getOrDefault("calls", "100"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        int sockets = Integer.parseInt(o.getOrDefault("sockets", "8"));
        if (Boolean.parseBoolean(o.getOrDefault("srtp", "false"))) {
            // jitsi-srtp's first-use AES benchmark (seconds on a loaded machine) must not stall the generator
            io.softswitch.media.internal.srtp.SrtpWarmUp.await(java.time.Duration.ofSeconds(120));
        }
        try (Target target = switch (kind) {
            case "ng" -> new NgTarget(o.getOrDefault("name", "ng"), Integer.parseInt(o.get("ng-port")),
                    Long.parseLong(o.get("pid")), Boolean.parseBoolean(o.getOrDefault("srtp", "false")));
            case "direct" -> new DirectTarget();
            default -> throw new IllegalArgumentException("target: " + kind + " (expected: ng, direct)");
        }) {
            System.out.println(run(target, calls, seconds, warmup, sockets));
        }
    }
}
