package io.softswitch.core.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
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
 * one lease, removed by the next admission in that scope. A released permit is removed within
 * 20 ms: on a standalone Redis its removal is queued ({@link ReleaseQueue}) and rides
 * on this node's next admission, or goes in one batch when the flush it armed comes due; on a
 * Redis Cluster at once, one {@code ZREM} per scope.
 *
 * <p><b>Redis down (fail-open).</b> When Redis does not answer within {@code command_timeout_ms},
 * the node logs one WARN, reports {@link LimitsMode#LOCAL} and admits on its local share of each
 * limit: the limit divided by the live nodes last seen (rounded up), counting the calls it already
 * holds. The timer probes Redis every second; when Redis answers, the node re-registers every permit
 * it holds (a restarted Redis comes back empty) and returns to {@link LimitsMode#REDIS}.
 *
 * <p><b>Threads.</b> {@link #tryAcquire} runs on the call engine's stripe threads (never a SIP
 * transport thread) and waits for Redis at most {@code command_timeout_ms}. On a standalone Redis
 * it sends one script for all the call's scopes ({@code admit.lua}: one command per admission, the
 * refusal all-or-nothing inside it); on a Redis Cluster one script per scope (their keys live in
 * different hash slots), pipelined on one connection, with a rollback of the admitted scopes when
 * another refuses. Permits are released without waiting. The timer thread ({@code redis-limits})
 * heartbeats, renews, resyncs and flushes queued removals. All methods are thread-safe.
 *
 * <p>Why one class of this size: the admission paths, the local share and the lease bookkeeping
 * share the per-scope state and the mode; the scripts and the removal queue live beside it.
 */
public final class RedisCallLimiter implements CallLimiter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCallLimiter.class);
    private static final String NODES_KEY = "softswitch:nodes";
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    /**
     * Longest a released call's lease stays counted in Redis when no admission of this node takes
     * its removal along first: other nodes may find the scope that much fuller, never emptier (this
     * node's own admissions always see it). Each armed flush wakes the timer twice: 20 ms caps that
     * at 50 a second whatever the call rate (5 ms cost 1.8x the timer's CPU at 150 calls/s).
     */
    private static final long RELEASE_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Removals per command (a script's keys are one argument list: keep it short). */
    private static final int MAX_REMOVALS_PER_COMMAND = 64;
    /** Scopes whose keys and arguments are kept ready; past this the cache starts over (limits edited). */
    private static final int MAX_PREPARED = 4096;

    private static final LuaScript ADMIT = LuaScript.load("admit.lua");
    private static final LuaScript ACQUIRE = LuaScript.load("acquire.lua");
    private static final LuaScript ROLLBACK = LuaScript.load("rollback.lua");
    private static final LuaScript RENEW = LuaScript.load("renew.lua");
    private static final LuaScript HEARTBEAT = LuaScript.load("heartbeat.lua");
    private static final String[] SCOPE_COUNTS = {"0", "1", "2", "3", "4", "5", "6", "7", "8"};

    private final RedisConfig config;
    private final String owner;
    private final LimitsListener listener;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<String, ScopeState> scopes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<LimitScope, Prepared> prepared = new ConcurrentHashMap<>();
    private final ReleaseQueue releases = new ReleaseQueue();
    private final String leaseMillis;
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
        this.leaseMillis = Long.toString(config.lease().toMillis());
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
        List<LimitScope> limited = limitedOnly(wanted);
        if (limited.isEmpty()) {
            return new Admission.Admitted(Permit.NONE);
        }
        RedisClusterAsyncCommands<String, String> r = redis;
        if (mode == LimitsMode.REDIS && r != null) {
            try {
                return config.cluster() ? perScopeAcquire(r, limited) : admit(r, limited);
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

    /** {@code wanted} without its unlimited scopes (the list itself when all are limited). */
    private static List<LimitScope> limitedOnly(List<LimitScope> wanted) {
        int limitedCount = 0;
        for (int i = 0; i < wanted.size(); i++) {
            if (!wanted.get(i).unlimited()) {
                limitedCount++;
            }
        }
        if (limitedCount == wanted.size()) {
            return wanted;
        }
        List<LimitScope> limited = new ArrayList<>(limitedCount);
        for (LimitScope s : wanted) {
            if (!s.unlimited()) {
                limited.add(s);
            }
        }
        return limited;
    }

    /**
     * Standalone Redis: one {@code admit.lua} for all the call's scopes (all-or-nothing inside the
     * script), carrying the lease removals queued since this node's last command.
     */
    private Admission admit(RedisClusterAsyncCommands<String, String> r, List<LimitScope> limited)
            throws InterruptedException, ExecutionException, TimeoutException {
        long t0 = System.nanoTime();
        int n = limited.size();
        Prepared[] ps = new Prepared[n];
        for (int i = 0; i < n; i++) {
            ps[i] = prepared(limited.get(i));
        }
        List<ReleaseQueue.Removal> removals = releases.drain(MAX_REMOVALS_PER_COMMAND);
        int m = removals.size();
        String member = owner + "#" + sequence.incrementAndGet();
        String[] keys = new String[2 * n + m];
        String[] args = new String[3 + 3 * n + m];
        args[0] = n < SCOPE_COUNTS.length ? SCOPE_COUNTS[n] : Integer.toString(n);
        args[1] = member;
        args[2] = leaseMillis;
        for (int i = 0; i < n; i++) {
            Prepared p = ps[i];
            keys[2 * i] = p.bucketKey;
            keys[2 * i + 1] = p.state.leasesKey;
            args[3 + 3 * i] = p.cps;
            args[4 + 3 * i] = p.burst;
            args[5 + 3 * i] = p.max;
        }
        for (int j = 0; j < m; j++) {
            ReleaseQueue.Removal removal = removals.get(j);
            keys[2 * n + j] = removal.leasesKey();
            args[3 + 3 * n + j] = removal.member();
        }
        // Past the deadline the call is decided locally; if Redis admits it after all, give it back.
        long code = ADMIT.call(r, keys, args, t0 + config.commandTimeout().toNanos(), late -> {
            if (late == 0) {
                for (Prepared p : ps) {
                    rollback(p, member);
                }
            }
        });
        listener.redisAdmission(System.nanoTime() - t0);
        if (code != 0) {
            int refusedBy = (int) Math.abs(code) - 1;
            return new Admission.Refused(limited.get(refusedBy), code < 0);
        }
        Held[] held = new Held[n];
        for (int i = 0; i < n; i++) {
            ScopeState st = ps[i].state;
            st.add(member);
            held[i] = new Held(st, member);
        }
        return new Admission.Admitted(new LeasedPermit(held));
    }

    /**
     * Redis Cluster: the scopes' keys live in different hash slots, so one {@code acquire.lua} per
     * scope, pipelined, and a rollback of the admitted ones when another refuses.
     */
    private Admission perScopeAcquire(RedisClusterAsyncCommands<String, String> r, List<LimitScope> limited)
            throws InterruptedException, ExecutionException, TimeoutException {
        long t0 = System.nanoTime();
        int n = limited.size();
        String[] members = new String[n];
        Prepared[] ps = new Prepared[n];
        List<CompletableFuture<Long>> replies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Prepared p = prepared(limited.get(i));
            ps[i] = p;
            members[i] = owner + "#" + sequence.incrementAndGet();
            replies.add(ACQUIRE.run(r, p.keys, p.cps, p.burst, p.max, members[i], leaseMillis));
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
                        rollback(ps[k], members[k]);
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
                        rollback(ps[j], members[j]);
                    }
                }
                return new Admission.Refused(limited.get(i), codes[i] == 0);
            }
        }
        Held[] held = new Held[n];
        for (int i = 0; i < n; i++) {
            ScopeState st = ps[i].state;
            st.add(members[i]);
            held[i] = new Held(st, members[i]);
        }
        return new Admission.Admitted(new LeasedPermit(held));
    }

    private void rollback(Prepared p, String member) {
        RedisClusterAsyncCommands<String, String> r = redis;
        if (r != null) {
            ROLLBACK.run(r, p.keys, member, p.burst, p.refund).exceptionally(e -> null);
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

    /**
     * The keys and script arguments of {@code s}, built once per scope rather than per call (the
     * scopes are the routing snapshot's, the same instances call after call).
     */
    private Prepared prepared(LimitScope s) {
        Prepared p = prepared.get(s);
        if (p == null) {
            if (prepared.size() >= MAX_PREPARED) {
                prepared.clear();
            }
            p = new Prepared(state(s), s);
            prepared.put(s, p);
        }
        return p;
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
                CompletableFuture.allOf(ADMIT.load(r), ACQUIRE.load(r), ROLLBACK.load(r), RENEW.load(r),
                        HEARTBEAT.load(r))
                        .get(wait, TimeUnit.MILLISECONDS);
            }
            long nodes = HEARTBEAT.run(r, new String[] {NODES_KEY}, owner, leaseMillis)
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
        String lease = leaseMillis;
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

    /** Queues a released lease's removal (standalone Redis), arming a flush unless one is pending. */
    private void queueRemoval(String leasesKey, String member) {
        if (releases.add(leasesKey, member)) {
            try {
                timer.schedule(this::flushRemovals, RELEASE_FLUSH_NANOS, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: close() sends what is queued
            }
        }
    }

    /**
     * The flush came due: sends what no admission took along, one command per batch, not awaited
     * (a lost removal only lets the lease run out: the call is no longer renewed).
     */
    private void flushRemovals() {
        releases.disarm();
        RedisClusterAsyncCommands<String, String> r = redis;
        for (List<ReleaseQueue.Removal> batch = releases.drain(MAX_REMOVALS_PER_COMMAND); !batch.isEmpty();
                batch = releases.drain(MAX_REMOVALS_PER_COMMAND)) {
            if (r != null && mode == LimitsMode.REDIS) {
                sendRemovals(r, batch).exceptionally(e -> 0L);
            }
        }
    }

    /** {@code admit.lua} with no scope: only the removals. */
    private static CompletableFuture<Long> sendRemovals(RedisClusterAsyncCommands<String, String> r,
            List<ReleaseQueue.Removal> batch) {
        String[] keys = new String[batch.size()];
        String[] args = new String[3 + batch.size()];
        args[0] = "0";
        args[1] = "";
        args[2] = "0";
        for (int j = 0; j < batch.size(); j++) {
            keys[j] = batch.get(j).leasesKey();
            args[3 + j] = batch.get(j).member();
        }
        return ADMIT.run(r, keys, args);
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
            for (List<ReleaseQueue.Removal> batch = releases.drain(MAX_REMOVALS_PER_COMMAND); !batch.isEmpty();
                    batch = releases.drain(MAX_REMOVALS_PER_COMMAND)) {
                done.add(sendRemovals(r, batch));
            }
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

    /** A scope's keys and script arguments, as strings ready to send (never modified once built). */
    private static final class Prepared {
        final ScopeState state;
        final String bucketKey;
        final String[] keys;
        final String cps;
        final String burst;
        final String max;
        final String refund;

        Prepared(ScopeState state, LimitScope s) {
            this.state = state;
            this.bucketKey = "softswitch:{" + s.key() + "}:cps";
            this.keys = new String[] {bucketKey, state.leasesKey};
            this.cps = String.valueOf(s.cps());
            this.burst = String.valueOf(s.burst());
            this.max = String.valueOf(s.maxConcurrent());
            this.refund = s.cps() > 0 ? "1" : "0";
        }
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
                if (!config.cluster()) {
                    queueRemoval(state.leasesKey, member);
                    return;
                }
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
}
