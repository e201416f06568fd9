package io.softswitch.core.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.softswitch.config.RedisConfig;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.CallLimiter;
import io.softswitch.trunking.limit.LimitScope;
import io.softswitch.trunking.limit.Permit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide limits (issue 17): every node of a cluster admits calls against the same trunk CPS
 * token buckets and trunk/account/carrier concurrency counts, kept in Redis.
 *
 * <p><b>Keys.</b> Per scope ({@link LimitScope#key()}, e.g. {@code trunk:TK...}) two keys under one
 * hash tag, so a Redis Cluster keeps them in one slot and each script touches one slot:
 * {@code softswitch:{trunk:TK...}:cps} (bucket) and {@code softswitch:{trunk:TK...}:calls} (leases).
 * Live nodes: {@code softswitch:nodes}. Every time comes from Redis {@code TIME} inside the scripts.
 *
 * <p><b>Leases.</b> A concurrency permit is a member of the scope's sorted set scored with its lease
 * end. This node renews all the members it holds every third of the lease, one script per scope
 * (batched per node, not per call); a node that dies stops renewing and its permits expire within
 * one lease, removed by the next admission in that scope. A released permit is removed at once.
 *
 * <p><b>Redis down (fail-open).</b> When Redis does not answer within {@code command_timeout_ms},
 * the node logs one WARN, reports {@link LimitsMode#LOCAL} and admits on its local share of each
 * limit: the limit divided by the live nodes last seen (rounded up), counting the calls it already
 * holds. The timer probes Redis every second; when Redis answers, the node re-registers every permit
 * it holds (a restarted Redis comes back empty) and returns to {@link LimitsMode#REDIS}.
 *
 * <p><b>Threads.</b> {@link #tryAcquire} runs on the call engine's stripe threads (never a SIP
 * transport thread): it sends one script per limited scope, pipelined on one connection, and waits
 * for the replies at most {@code command_timeout_ms}. Permits are released without waiting. All
 * methods are thread-safe.
 */
public final class RedisCallLimiter implements CallLimiter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCallLimiter.class);
    private static final String NODES_KEY = "softswitch:nodes";
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private static final Script ACQUIRE = Script.load("acquire.lua");
    private static final Script ROLLBACK = Script.load("rollback.lua");
    private static final Script RENEW = Script.load("renew.lua");
    private static final Script HEARTBEAT = Script.load("heartbeat.lua");

    private final RedisConfig config;
    private final String owner;
    private final LimitsListener listener;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<String, ScopeState> scopes = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> redis;
    private volatile LimitsMode mode = LimitsMode.LOCAL;
    private volatile int liveNodes = 1;
    private long lastRenewNanos;
    private volatile String lastFailure = "";

    private RedisCallLimiter(RedisConfig config, String nodeId, LimitsListener listener) {
        this.config = config;
        this.owner = nodeId + "/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        this.listener = listener;
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(1).computationThreadPoolSize(1)
                .reconnectDelay(Delay.constant(PROBE_INTERVAL))
                .build();
        RedisURI uri = RedisURI.create(config.url());
        uri.setTimeout(config.commandTimeout());
        SocketOptions socket = SocketOptions.builder().connectTimeout(config.connectTimeout()).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(config.commandTimeout());
        if (config.cluster()) {
            RedisClusterClient c = RedisClusterClient.create(resources, uri);
            c.setOptions(ClusterClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket).timeoutOptions(timeouts).build());
            this.client = c;
        } else {
            RedisClient c = RedisClient.create(resources, uri);
            c.setOptions(ClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket).timeoutOptions(timeouts).build());
            this.client = c;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-limits");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to {@code config.url()} and starts renewing. A Redis that is down at start is not
     * an error: the limiter starts on local shares (one live node) and joins when Redis answers.
     *
     * @param nodeId this node's name (the lease owner is the name plus a per-start suffix, so a
     *               restarted node never renews the leases of the process it replaced)
     */
    public static RedisCallLimiter start(RedisConfig config, String nodeId, LimitsListener listener) {
        Objects.requireNonNull(config, "config");
        if (!config.enabled()) {
            throw new IllegalArgumentException("redis.url: empty (expected: a redis:// or rediss:// URL)");
        }
        RedisCallLimiter limiter = new RedisCallLimiter(config, Objects.requireNonNull(nodeId, "nodeId"),
                Objects.requireNonNull(listener, "listener"));
        // The first connection loads the client's classes and the scripts: give it seconds, and
        // a second chance (a cold JVM on a busy machine can miss the connect timeout once).
        for (int attempt = 0; attempt < 3 && limiter.mode == LimitsMode.LOCAL; attempt++) {
            limiter.tick(Duration.ofSeconds(5), false);
        }
        limiter.schedule();
        if (limiter.mode == LimitsMode.LOCAL) {
            LOG.warn("Redis {} unreachable at start ({}): limits run on this node's share until it answers",
                    config.redactedUrl(), limiter.lastFailure);
            limiter.listener.modeChanged(LimitsMode.LOCAL, limiter.lastFailure);
        }
        return limiter;
    }

    /** The lease owner name of this node in Redis: node id, {@code /}, a per-start suffix. */
    public String owner() {
        return owner;
    }

    public LimitsMode mode() {
        return mode;
    }

    /** Nodes that renewed their liveness within one lease, as last seen in Redis (1 before that). */
    public int liveNodes() {
        return liveNodes;
    }

    @Override
    public Admission tryAcquire(List<LimitScope> wanted) {
        List<LimitScope> limited = new ArrayList<>(wanted.size());
        for (LimitScope s : wanted) {
            if (!s.unlimited()) {
                limited.add(s);
            }
        }
        if (limited.isEmpty()) {
            return new Admission.Admitted(Permit.NONE);
        }
        RedisClusterAsyncCommands<String, String> r = redis;
        if (mode == LimitsMode.REDIS && r != null) {
            try {
                return redisAcquire(r, limited);
            } catch (RuntimeException | TimeoutException | ExecutionException e) {
                degrade(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                degrade(e);
            }
        }
        listener.localAdmission();
        return localAcquire(limited);
    }

    /** Calls holding a permit of {@code scope} on this node. */
    @Override
    public int active(LimitScope scope) {
        ScopeState s = scopes.get(scope.key());
        return s == null ? 0 : s.held.get();
    }

    private Admission redisAcquire(RedisClusterAsyncCommands<String, String> r, List<LimitScope> limited)
            throws InterruptedException, ExecutionException, TimeoutException {
        long t0 = System.nanoTime();
        int n = limited.size();
        String[] members = new String[n];
        List<CompletableFuture<Long>> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LimitScope s = limited.get(i);
            members[i] = owner + "#" + sequence.incrementAndGet();
            replies.add(ACQUIRE.run(r, keys(s), String.valueOf(s.cps()), String.valueOf(s.burst()),
                    String.valueOf(s.maxConcurrent()), members[i], String.valueOf(config.lease().toMillis())));
        }
        long deadline = t0 + config.commandTimeout().toNanos();
        long[] codes = new long[n];
        try {
            for (int i = 0; i < n; i++) {
                codes[i] = replies.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            // Whatever was admitted is not renewed and expires; give back what can be given back now.
            for (int i = 0; i < n; i++) {
                int k = i;
                replies.get(i).thenAccept(code -> {
                    if (code == 1) {
                        rollback(limited.get(k), members[k]);
                    }
                });
            }
            throw e;
        }
        listener.redisAdmission(System.nanoTime() - t0);
        for (int i = 0; i < n; i++) {
            if (codes[i] != 1) {
                for (int j = 0; j < n; j++) {
                    if (codes[j] == 1) {
                        rollback(limited.get(j), members[j]);
                    }
                }
                return new Admission.Refused(limited.get(i), codes[i] == 0);
            }
        }
        Held[] held = new Held[n];
        for (int i = 0; i < n; i++) {
            ScopeState st = state(limited.get(i));
            st.add(members[i]);
            held[i] = new Held(st, members[i]);
        }
        return new Admission.Admitted(new LeasedPermit(held));
    }

    private void rollback(LimitScope s, String member) {
        RedisClusterAsyncCommands<String, String> r = redis;
        if (r != null) {
            ROLLBACK.run(r, keys(s), member, String.valueOf(s.burst()), s.cps() > 0 ? "1" : "0")
                    .exceptionally(e -> null);
        }
    }

    /** Admission on this node's share: limit / live nodes (rounded up), counting calls held. */
    private Admission localAcquire(List<LimitScope> limited) {
        int nodes = Math.max(1, liveNodes);
        long now = System.nanoTime();
        Held[] held = new Held[limited.size()];
        for (int i = 0; i < limited.size(); i++) {
            LimitScope s = limited.get(i);
            ScopeState st = state(s);
            int shareMax = s.maxConcurrent() == 0 ? 0 : (s.maxConcurrent() + nodes - 1) / nodes;
            double shareCps = s.cps() / nodes;
            int shareBurst = Math.max(1, (s.burst() + nodes - 1) / nodes);
            boolean cpsOk = s.cps() == 0 || st.bucket.tryTake(now, shareCps, shareBurst);
            String member = owner + "#" + sequence.incrementAndGet();
            if (!cpsOk || !st.tryAdd(member, shareMax)) {
                if (cpsOk && s.cps() > 0) {
                    st.bucket.refund(shareBurst);
                }
                for (int j = 0; j < i; j++) {
                    held[j].release(false);
                    if (limited.get(j).cps() > 0) {
                        held[j].state.bucket.refund(Math.max(1, (limited.get(j).burst() + nodes - 1) / nodes));
                    }
                }
                return new Admission.Refused(s, !cpsOk);
            }
            held[i] = new Held(st, member);
        }
        return new Admission.Admitted(new LeasedPermit(held));
    }

    private ScopeState state(LimitScope s) {
        return scopes.computeIfAbsent(s.key(), k -> new ScopeState(leasesKey(k)));
    }

    private static String[] keys(LimitScope s) {
        return new String[] {"softswitch:{" + s.key() + "}:cps", leasesKey(s.key())};
    }

    private static String leasesKey(String scopeKey) {
        return "softswitch:{" + scopeKey + "}:calls";
    }

    private void degrade(Throwable e) {
        if (mode == LimitsMode.REDIS) {
            synchronized (this) {
                if (mode != LimitsMode.REDIS) {
                    return;
                }
                mode = LimitsMode.LOCAL;
            }
            String why = e instanceof TimeoutException ? "no answer within " + config.commandTimeout().toMillis() + " ms"
                    : String.valueOf(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
            LOG.warn("Redis {} unreachable ({}): cluster limits fall back to this node's share "
                    + "(limit / {} live nodes) until it answers", config.redactedUrl(), why, liveNodes);
            listener.modeChanged(LimitsMode.LOCAL, why);
        }
    }

    /** Connects if needed, heartbeats, renews leases (every third of a lease, or to resync). */
    private void tick() {
        tick(Duration.ZERO, true);
    }

    private void tick(Duration extraWait, boolean reschedule) {
        if (closed.get()) {
            return;
        }
        try {
            RedisClusterAsyncCommands<String, String> r = connect();
            long wait = config.connectTimeout().plus(config.commandTimeout()).plus(extraWait).toMillis();
            boolean resync = mode == LimitsMode.LOCAL;
            if (resync) {
                // Load the scripts (Redis may have restarted empty) so calls do not pay a NOSCRIPT.
                CompletableFuture.allOf(ACQUIRE.load(r), ROLLBACK.load(r), RENEW.load(r), HEARTBEAT.load(r))
                        .get(wait, TimeUnit.MILLISECONDS);
            }
            long nodes = HEARTBEAT.run(r, new String[] {NODES_KEY}, owner, String.valueOf(config.lease().toMillis()))
                    .get(wait, TimeUnit.MILLISECONDS);
            liveNodes = (int) Math.max(1, Math.min(Integer.MAX_VALUE, nodes));
            long now = System.nanoTime();
            if (resync || now - lastRenewNanos >= config.lease().toNanos() / 3) {
                int renewed = renewAll(r, wait, resync);
                lastRenewNanos = now;
                if (resync) {
                    mode = LimitsMode.REDIS;
                    LOG.info("Redis {} answers: cluster limits on ({} live nodes, {} permits of this node "
                            + "re-registered)", config.redactedUrl(), liveNodes, renewed);
                    listener.modeChanged(LimitsMode.REDIS, liveNodes + " live nodes");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            lastFailure = e instanceof ExecutionException && e.getCause() != null ? e.getCause().toString() : e.toString();
            degrade(e);
            LOG.debug("Redis tick failed", e);
        } finally {
            if (reschedule) {
                schedule();
            }
        }
    }

    private int renewAll(RedisClusterAsyncCommands<String, String> r, long waitMillis, boolean reRegister)
            throws Exception {
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        String lease = String.valueOf(config.lease().toMillis());
        int renewed = 0;
        for (ScopeState st : scopes.values()) {
            List<String> members = new ArrayList<>(st.members);
            if (members.isEmpty()) {
                continue;
            }
            String[] args = new String[members.size() + 2];
            args[0] = lease;
            args[1] = reRegister ? "1" : "0";
            for (int i = 0; i < members.size(); i++) {
                args[i + 2] = members.get(i);
            }
            renewed += members.size();
            replies.add(RENEW.run(r, new String[] {st.leasesKey}, args));
        }
        CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(waitMillis, TimeUnit.MILLISECONDS);
        return renewed;
    }

    private void schedule() {
        if (closed.get()) {
            return;
        }
        Duration next = mode == LimitsMode.REDIS ? min(config.lease().dividedBy(3), PROBE_INTERVAL.multipliedBy(3))
                : PROBE_INTERVAL;
        try {
            timer.schedule((Runnable) this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private RedisClusterAsyncCommands<String, String> connect() {
        RedisClusterAsyncCommands<String, String> r = redis;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (redis == null) {
                if (client instanceof RedisClusterClient c) {
                    StatefulRedisClusterConnection<String, String> conn = c.connect();
                    connection = conn;
                    redis = conn.async();
                } else {
                    StatefulRedisConnection<String, String> conn = ((RedisClient) client).connect();
                    connection = conn;
                    redis = conn.async();
                }
            }
            return redis;
        }
    }

    /** Stops renewing, gives this node's permits and liveness back (best effort), disconnects. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        RedisClusterAsyncCommands<String, String> r = redis;
        if (r != null && mode == LimitsMode.REDIS) {
            List<CompletableFuture<Long>> done = new ArrayList<>();
            done.add(r.zrem(NODES_KEY, owner).toCompletableFuture());
            for (ScopeState st : scopes.values()) {
                String[] members = st.members.toArray(String[]::new);
                if (members.length > 0) {
                    done.add(r.zrem(st.leasesKey, members).toCompletableFuture());
                }
            }
            try {
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                        .get(config.commandTimeout().toMillis() * 5, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Redis cleanup at close failed: {}", e.toString());
            }
        }
        StatefulConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** The permits one scope holds on this node, for renewal and the local share. */
    private static final class ScopeState {
        final String leasesKey;
        final Set<String> members = ConcurrentHashMap.newKeySet();
        final AtomicInteger held = new AtomicInteger();
        final LocalBucket bucket = new LocalBucket();

        ScopeState(String leasesKey) {
            this.leasesKey = leasesKey;
        }

        void add(String member) {
            held.incrementAndGet();
            members.add(member);
        }

        /** Adds {@code member} unless {@code max} (0 = unlimited) are held. */
        boolean tryAdd(String member, int max) {
            while (true) {
                int h = held.get();
                if (max > 0 && h >= max) {
                    return false;
                }
                if (held.compareAndSet(h, h + 1)) {
                    members.add(member);
                    return true;
                }
            }
        }

        boolean remove(String member) {
            if (members.remove(member)) {
                held.decrementAndGet();
                return true;
            }
            return false;
        }
    }

    /** A token bucket for the local share, used only while Redis is unreachable. */
    private static final class LocalBucket {
        private double tokens = -1;
        private long last;

        synchronized boolean tryTake(long nowNanos, double rate, int burst) {
            if (tokens < 0) {
                tokens = burst;
                last = nowNanos;
            }
            tokens = Math.min(burst, tokens + (nowNanos - last) / 1e9 * rate);
            last = nowNanos;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized void refund(int burst) {
            tokens = Math.min(burst, tokens + 1);
        }
    }

    private final class Held {
        final ScopeState state;
        final String member;

        Held(ScopeState state, String member) {
            this.state = state;
            this.member = member;
        }

        void release(boolean tellRedis) {
            if (state.remove(member) && tellRedis && mode == LimitsMode.REDIS) {
                RedisClusterAsyncCommands<String, String> r = redis;
                if (r != null) {
                    // Not awaited: a lost removal only lets the lease run out, as it is no longer renewed.
                    r.zrem(state.leasesKey, member).exceptionally(e -> 0L);
                }
            }
        }
    }

    private static final class LeasedPermit implements Permit {
        private final Held[] held;
        private final AtomicBoolean released = new AtomicBoolean();

        LeasedPermit(Held[] held) {
            this.held = held;
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                for (Held h : held) {
                    h.release(true);
                }
            }
        }
    }

    /** A Lua script run by EVALSHA, falling back to EVAL once when Redis lost its script cache. */
    private record Script(String source, String sha) {
        static Script load(String resource) {
            try (InputStream in = RedisCallLimiter.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                String src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Script(src, sha1(src));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        CompletableFuture<String> load(RedisClusterAsyncCommands<String, String> r) {
            return r.scriptLoad(source).toCompletableFuture();
        }

        CompletableFuture<Long> run(RedisClusterAsyncCommands<String, String> r, String[] keys, String... args) {
            RedisFuture<Long> f = r.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
            return f.toCompletableFuture().handle((v, e) -> {
                if (e == null) {
                    return CompletableFuture.completedFuture(v);
                }
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                if (cause instanceof RedisNoScriptException) {
                    RedisFuture<Long> again = r.eval(source, ScriptOutputType.INTEGER, keys, args);
                    return again.toCompletableFuture();
                }
                return CompletableFuture.<Long>failedFuture(cause);
            }).thenCompose(x -> x);
        }

        private static String sha1(String s) {
            try {
                return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                        .digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
