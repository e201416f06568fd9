package io.softswitch.core.warmup;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.Provisioning;
import io.softswitch.config.WarmupConfig;
import io.softswitch.core.call.CallEvents;
import io.softswitch.core.call.CallRouter;
import io.softswitch.core.call.TrunkingCallRouter;
import io.softswitch.core.security.DecoyRealms;
import io.softswitch.core.security.TrunkGate;
import io.softswitch.core.warmup.internal.LoopbackCaller;
import io.softswitch.core.warmup.internal.LoopbackUas;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.auth.DigestServer;
import io.softswitch.trunking.Router;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.SnapshotHolder;
import io.softswitch.trunking.health.GatewayHealthBoard;
import io.softswitch.trunking.health.HealthPolicy;
import io.softswitch.trunking.limit.InMemoryCallLimiter;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in warm-up (issue 15, cold start): before the daemon reports ready, {@link #run} places
 * synthetic calls through the daemon's real call path, so that the JIT compiles it before the first
 * customer's call: SIP over UDP to the daemon's own listener (JAIN-SIP, screening, transactions and
 * dialogs), the call engine, the trunk gate, E.164 normalization and the dial plan, the media relay's
 * port allocation and SDP rewrite, the B leg to a callee on loopback, ACK and BYE both ways.
 *
 * <p>Isolation: the synthetic calls are routed by a private routing snapshot (one trunk admitted by
 * the callers' address, one carrier: the loopback callee), never by the operator's provisioning, so
 * they need nothing provisioned and cannot reach a configured carrier. An INVITE gets that treatment
 * only while the warm-up runs, only from one of its caller sockets (a loopback or local address and
 * port it bound) and only with its per-boot random secret in {@value #HEADER}; anything else is an
 * ordinary INVITE for the customers' router. Their events never reach records, meters, webhooks or
 * dashboards ({@link #events}); they belong to a random account of no tenant, so no API finds them.
 * The node's SIP message counters ({@code sip_requests_total}, {@code sip_responses_total}) do count
 * their messages: those are the listener's, before any call exists.
 *
 * <p>Threading: {@link #router} and {@link #events} are called once while the daemon is built; the
 * router's and filter's methods on the engine's threads; {@link #run} on one thread of the caller's,
 * {@link #close} from any.
 */
public final class Warmup implements AutoCloseable {
    /** The header that carries the per-boot secret in the warm-up's INVITEs. */
    public static final String HEADER = "X-Softswitch-Warmup";
    private static final String HEADER_KEY = "x-softswitch-warmup";
    /** How long a caller waits for the answer to one request. */
    private static final long TRANSACTION_TIMEOUT = TimeUnit.SECONDS.toNanos(8);

    private final WarmupConfig config;
    private final int maxCallsPerSecond;
    private final byte[] secret;
    private final String account;
    private final Set<InetSocketAddress> callers = ConcurrentHashMap.newKeySet();
    private final List<LoopbackCaller> open = new ArrayList<>();
    private volatile CallRouter synthetic;
    private volatile boolean closed;
    private SyntheticCallFilter filter;

    /**
     * @param maxCallsPerSecond the pace the synthetic calls keep (0: as fast as they complete), so that
     *                          the listener's per-source flood limit never blocks the loopback address
     */
    public Warmup(WarmupConfig config, int maxCallsPerSecond) {
        this.config = config;
        this.maxCallsPerSecond = maxCallsPerSecond;
        SecureRandom random = new SecureRandom();
        byte[] s = new byte[24];
        random.nextBytes(s);
        this.secret = HexFormat.of().formatHex(s).getBytes(StandardCharsets.US_ASCII);
        byte[] a = new byte[16];
        random.nextBytes(a);
        this.account = "AC" + HexFormat.of().formatHex(a);
    }

    public WarmupConfig config() {
        return config;
    }

    /** {@code customers} with the warm-up's INVITEs taken out before it (see the class comment). */
    public CallRouter router(CallRouter customers) {
        return new WarmupRouter(customers, this);
    }

    /** {@code customers} without the warm-up calls' events; call once. */
    public CallEvents events(CallEvents customers) {
        filter = new SyntheticCallFilter(customers);
        return filter;
    }

    /** Synthetic calls in the engine now (started, not ended): the active-calls gauge leaves them out. */
    public int liveCalls() {
        SyntheticCallFilter f = filter;
        return f == null ? 0 : f.live();
    }

    /** The account of the synthetic calls: random, of no tenant. */
    String account() {
        return account;
    }

    /** The warm-up's private router when {@code invite} is one of its own calls; else null. */
    CallRouter routerFor(SipRequest invite) {
        CallRouter r = synthetic;
        if (r == null) {
            return null;
        }
        List<String> values = invite.headers().get(HEADER_KEY);
        if (values == null || values.size() != 1 || !callers.contains(invite.source())) {
            return null;
        }
        return MessageDigest.isEqual(values.get(0).trim().getBytes(StandardCharsets.US_ASCII), secret) ? r : null;
    }

    /** The secret, for the tests that forge a warm-up INVITE from elsewhere. */
    String secret() {
        return new String(secret, StandardCharsets.US_ASCII);
    }

    /**
     * Places up to {@code warmup.calls} synthetic calls, {@code warmup.concurrency} at a time, to the
     * UDP listener at {@code listener} (a wildcard address: its loopback), for at most
     * {@code warmup.seconds}; returns what happened. The synthetic treatment ends when it returns.
     *
     * @throws IOException when a socket of the callee or the callers cannot be bound
     */
    public WarmupResult run(InetSocketAddress listener) throws IOException {
        InetAddress local = listener.getAddress().isAnyLocalAddress()
                ? loopback(listener.getAddress()) : listener.getAddress();
        InetSocketAddress target = new InetSocketAddress(local, listener.getPort());
        try (LoopbackUas callee = LoopbackUas.start(loopback(local))) {
            synchronized (open) {
                for (int i = 0; i < config.concurrency() && !closed; i++) {
                    LoopbackCaller c = LoopbackCaller.open(local, target, HEADER + ": " + secret());
                    open.add(c);
                    callers.add(c.address());
                }
            }
            synthetic = privateRouter(local, callee.address());
            return calls();
        } finally {
            synthetic = null;
            callers.clear();
            closeCallers();
        }
    }

    private WarmupResult calls() {
        int total = config.calls();
        long[] setup = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger placed = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger relayed = new AtomicInteger();
        AtomicInteger lastFailure = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + config.maxDuration().toNanos();
        long interval = maxCallsPerSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / maxCallsPerSecond : 0;
        AtomicLong nextStart = new AtomicLong(start);
        List<Thread> workers = new ArrayList<>();
        List<LoopbackCaller> mine;
        synchronized (open) {
            mine = List.copyOf(open);
        }
        for (LoopbackCaller caller : mine) {
            Thread t = new Thread(() -> {
                int n;
                while (!closed && System.nanoTime() < deadline && (n = next.getAndIncrement()) < total) {
                    if (interval > 0) {
                        long wait = nextStart.getAndAdd(interval) - System.nanoTime();
                        if (wait > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                    placed.incrementAndGet();
                    try {
                        LoopbackCaller.Outcome o = caller.call(TRANSACTION_TIMEOUT);
                        if (o.completed()) {
                            setup[n] = o.setupNanos();
                            completed.incrementAndGet();
                            if (o.relayed()) {
                                relayed.incrementAndGet();
                            }
                        } else {
                            lastFailure.set(o.status());
                        }
                    } catch (IOException e) {
                        lastFailure.set(500);
                        return; // the socket is gone: closed, or the warm-up is being stopped
                    }
                }
            }, "warmup-caller-" + workers.size());
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeCallers();
                break;
            }
        }
        long[] done = Arrays.stream(setup).filter(v -> v > 0).toArray();
        int tenth = Math.max(1, done.length / 10);
        return new WarmupResult(placed.get(), completed.get(), relayed.get(),
                Duration.ofNanos(System.nanoTime() - start),
                Duration.ofNanos(median(Arrays.copyOfRange(done, 0, Math.min(tenth, done.length)))),
                Duration.ofNanos(median(Arrays.copyOfRange(done, Math.max(0, done.length - tenth), done.length))),
                lastFailure.get());
    }

    private static long median(long[] v) {
        if (v.length == 0) {
            return 0;
        }
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * Routing of the synthetic calls only: a trunk admitted by the callers' address (strict E.164,
     * as the bench's PBX), one route to one carrier whose gateway is the loopback callee. Built by the
     * same loader, compiler, gate and router as the operator's, so their code is what warms up.
     */
    private static CallRouter privateRouter(InetAddress callers, InetSocketAddress callee) {
        String acl = callers.getHostAddress() + (callers instanceof Inet6Address ? "/128" : "/32");
        String yaml = """
                provisioning:
                  trunks:
                    - name: warmup
                      ip_acl: [%s]
                      normalization: strict
                      symmetric_rtp: false
                  carriers:
                    - name: warmup
                      gateways:
                        - name: loopback
                          sip_url: sip:%s:%d
                  routes:
                    - prefix: ""
                      carrier: warmup
                """.formatted(acl, callee.getAddress() instanceof Inet6Address
                        ? "[" + callee.getAddress().getHostAddress() + "]" : callee.getAddress().getHostAddress(),
                callee.getPort());
        Provisioning p;
        try {
            p = new ConfigLoader(name -> null).parse("warmup.yaml", yaml).provisioning();
        } catch (Exception e) {
            throw new IllegalStateException("warm-up routing does not load: " + e.getMessage(), e);
        }
        SnapshotHolder snapshots = new SnapshotHolder(RoutingSnapshot.build(p));
        Router router = new Router(snapshots, new GatewayHealthBoard(HealthPolicy.DEFAULT, Clock.systemUTC(),
                GatewayHealthBoard.Listener.NONE), new InMemoryCallLimiter(), Clock.systemUTC());
        byte[] decoyKey = new byte[32];
        new SecureRandom().nextBytes(decoyKey);
        TrunkGate gate = new TrunkGate(DigestServer.withRandomSecret(), new DecoyRealms(decoyKey),
                TrunkGate.AuthListener.NONE);
        return new TrunkingCallRouter(router, gate, callers.getHostAddress());
    }

    private static InetAddress loopback(InetAddress like) throws IOException {
        return InetAddress.getByName(like instanceof Inet6Address ? "::1" : "127.0.0.1");
    }

    private void closeCallers() {
        synchronized (open) {
            open.forEach(LoopbackCaller::close);
            open.clear();
        }
    }

    /** Stops a running warm-up: its callers' sockets close, {@link #run} returns soon after. */
    @Override
    public void close() {
        closed = true;
        closeCallers();
    }
}
