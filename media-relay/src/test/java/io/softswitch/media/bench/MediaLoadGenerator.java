package io.softswitch.media.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * header + 160 bytes, 20 ms ptime, sequence +1 and timestamp +160 per packet) in both directions,
 * 50 packets/s per direction per call, so N calls put 100·N packets/s into the relay and take
 * 100·N out. Each packet carries its send time; the far endpoint records one-way latency.
 *
 * <p>Biases handled: sends are spread over the 20 ms period in 1 ms slots (no bursts of N
 * packets); the first {@code warmup} seconds are excluded from latency and CPU (JIT, caches);
 * the same generator measures the no-relay baseline ({@code direct}), so the generator's own
 * send/receive cost can be subtracted; loss is counted after a drain pause.
 *
 * <pre>
 * java ... MediaLoadGenerator --target=relay|rtpengine|direct --calls=500 --seconds=20 --warmup=5
 *     [--gen-threads=1] [--relay-threads=2] [--ng-port=P --pid=PID] [--port-min=30000]
 * </pre>
 */
public final class MediaLoadGenerator {
    private static final int SLOTS = 20; // 1 ms slots in the 20 ms packet period
    private static final int PACKET = 172;

    /** Results of one run. */
    public record Result(String target, int calls, long sent, long received, double lossPercent,
            long p50Micros, long p99Micros, long maxMicros, double relayCpuPercent, double cpuNanosPerPacket,
            double generatorCpuPercent, String relayInternal) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "target=%s calls=%d pps_in=%d sent=%d received=%d loss=%.4f%% "
                    + "latency_us p50=%d p99=%d max=%d relay_cpu=%.1f%% cpu_ns_per_packet=%.0f generator_cpu=%.1f%%%s",
                    target, calls, calls * 100, sent, received, lossPercent, p50Micros, p99Micros, maxMicros,
                    relayCpuPercent, cpuNanosPerPacket, generatorCpuPercent, relayInternal);
        }
    }

    private static final class Endpoint {
        Channel channel;
        InetSocketAddress destination;
        int sequence = ThreadLocalRandom.current().nextInt(65536);
        long timestamp = ThreadLocalRandom.current().nextInt();
        final int ssrc = ThreadLocalRandom.current().nextInt();
    }

    /** Everything one generator loop owns; touched only on that loop. */
    private static final class LoopState {
        final List<List<Endpoint>> slots = new ArrayList<>();
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
        boolean recording;
        long sent;
        long received;
        int tick;

        LoopState() {
            for (int i = 0; i < SLOTS; i++) {
                slots.add(new ArrayList<>());
            }
        }

        void sendSlot() {
            for (Endpoint e : slots.get(tick++ % SLOTS)) {
                if (e.destination == null) {
                    continue;
                }
                ByteBuf buf = e.channel.alloc().directBuffer(PACKET);
                buf.writeByte(0x80).writeByte(0).writeShort(e.sequence).writeInt((int) e.timestamp).writeInt(e.ssrc)
                        .writeLong(System.nanoTime()).writeZero(PACKET - 20);
                e.channel.writeAndFlush(new DatagramPacket(buf, e.destination), e.channel.voidPromise());
                e.sequence = (e.sequence + 1) & 0xFFFF;
                e.timestamp += 160;
                sent++;
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
            try {
                ByteBuf buf = ((DatagramPacket) msg).content();
                if (buf.readableBytes() >= 20) {
                    state.received++;
                    if (state.recording) {
                        long micros = Math.max(0, (now - buf.getLong(buf.readerIndex() + 12)) / 1000);
                        state.latency.recordValue(Math.min(micros, state.latency.getHighestTrackableValue()));
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }

    private MediaLoadGenerator() {
    }

    public static Result run(Target target, int calls, int seconds, int warmupSeconds, int generatorThreads)
            throws Exception {
        boolean epoll = Epoll.isAvailable();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(generatorThreads,
                new DefaultThreadFactory("loadgen", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Map<EventLoop, LoopState> loops = new HashMap<>();
        List<ScheduledFuture<?>> tickers = new ArrayList<>();
        try {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            for (int i = 0; i < calls; i++) {
                EventLoop loop = group.next();
                LoopState state = loops.computeIfAbsent(loop, l -> new LoopState());
                Endpoint a = new Endpoint();
                Endpoint b = new Endpoint();
                for (Endpoint e : List.of(a, b)) {
                    e.channel = new Bootstrap().group(loop)
                            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                            .option(ChannelOption.SO_RCVBUF, 256 * 1024)
                            .handler(new Receiver(state))
                            .bind(new InetSocketAddress(loopback, 0)).sync().channel();
                }
                Target.Call call = target.open(i, (InetSocketAddress) a.channel.localAddress(),
                        (InetSocketAddress) b.channel.localAddress());
                InetSocketAddress toA = new InetSocketAddress(loopback, call.sendPortA());
                InetSocketAddress toB = new InetSocketAddress(loopback, call.sendPortB());
                int slot = i % SLOTS;
                loop.execute(() -> {
                    a.destination = toA;
                    b.destination = toB;
                    state.slots.get(slot).add(a);
                    state.slots.get((slot + SLOTS / 2) % SLOTS).add(b);
                });
            }
            for (Map.Entry<EventLoop, LoopState> entry : loops.entrySet()) {
                tickers.add(entry.getKey().scheduleAtFixedRate(entry.getValue()::sendSlot, 1, 1, TimeUnit.MILLISECONDS));
            }
            TimeUnit.SECONDS.sleep(warmupSeconds); // a benchmark phase, not a test wait
            for (Map.Entry<EventLoop, LoopState> entry : loops.entrySet()) {
                LoopState s = entry.getValue();
                entry.getKey().submit(() -> {
                    s.latency.reset();
                    s.recording = true;
                }).sync();
            }
            if (target instanceof RelayTarget relay) {
                relay.internalLatency.getIntervalHistogram(); // drop the warm-up
            }
            boolean measurable = target.cpuNanos() >= 0;
            long cpu0 = target.cpuNanos();
            long gen0 = threadCpu("loadgen");
            long received0 = sum(loops, s -> s.received);
            long wall0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(seconds);
            long wall = System.nanoTime() - wall0;
            long cpu = target.cpuNanos() - cpu0;
            long gen = threadCpu("loadgen") - gen0;
            long receivedInWindow = sum(loops, s -> s.received) - received0;
            for (ScheduledFuture<?> ticker : tickers) {
                ticker.cancel(false);
            }
            TimeUnit.MILLISECONDS.sleep(500); // drain what is in flight
            long sent = sum(loops, s -> s.sent);
            long received = sum(loops, s -> s.received);
            Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
            for (Map.Entry<EventLoop, LoopState> entry : loops.entrySet()) {
                entry.getKey().submit(() -> latency.add(entry.getValue().latency)).sync();
            }
            String internal = "";
            if (target instanceof RelayTarget relay) {
                Histogram h = relay.internalLatency.getIntervalHistogram();
                internal = String.format(Locale.ROOT, " relay_internal_us p50=%.1f p99=%.1f max=%.1f",
                        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
            }
            for (int i = 0; i < calls; i++) {
                target.close(i);
            }
            double loss = sent == 0 ? 100 : 100.0 * (sent - received) / sent;
            return new Result(target.name(), calls, sent, received, loss,
                    latency.getValueAtPercentile(50), latency.getValueAtPercentile(99), latency.getMaxValue(),
                    measurable ? 100.0 * cpu / wall : Double.NaN,
                    measurable && receivedInWindow > 0 ? (double) cpu / receivedInWindow : Double.NaN,
                    100.0 * gen / wall, internal);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private interface Counter {
        long get(LoopState state);
    }

    private static long sum(Map<EventLoop, LoopState> loops, Counter counter) throws InterruptedException {
        long total = 0;
        for (Map.Entry<EventLoop, LoopState> entry : loops.entrySet()) {
            total += entry.getKey().submit(() -> counter.get(entry.getValue())).sync().getNow();
        }
        return total;
    }

    private static long threadCpu(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("argument: " + arg + " (expected: --name=value)");
            }
            o.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        String kind = o.getOrDefault("target", "relay");
        int calls = Integer.parseInt(o.getOrDefault("calls", "100"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "5"));
        int generatorThreads = Integer.parseInt(o.getOrDefault("gen-threads", "1"));
        try (Target target = switch (kind) {
            case "relay" -> new RelayTarget(Integer.parseInt(o.getOrDefault("relay-threads", "2")),
                    Integer.parseInt(o.getOrDefault("port-min", "30000")));
            case "rtpengine" -> new RtpengineTarget(Integer.parseInt(o.get("ng-port")), Long.parseLong(o.get("pid")));
            case "direct" -> new DirectTarget();
            default -> throw new IllegalArgumentException("target: " + kind + " (expected: relay, rtpengine, direct)");
        }) {
            System.out.println(run(target, calls, seconds, warmup, generatorThreads));
        }
    }
}
