package io.softswitch.core.daemon;

import io.softswitch.config.ClusterConfig;
import io.softswitch.config.ConfigException;
import io.softswitch.core.cluster.FrontSource;
import io.softswitch.core.cluster.NodeId;
import io.softswitch.core.cluster.ProvisioningFeed;
import io.softswitch.core.api.AdminActions;
import io.softswitch.core.api.ApiProtection;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.call.CallEngine;
import io.softswitch.core.call.CallEvents;
import io.softswitch.core.cdr.CallRecords;
import io.softswitch.core.call.CallRouter;
import io.softswitch.config.MediaConfig;
import io.softswitch.config.MediaMode;
import io.softswitch.core.call.DirectMedia;
import io.softswitch.core.call.MediaBridge;
import io.softswitch.core.call.RelayMedia;
import io.softswitch.media.MediaRelay;
import io.softswitch.core.call.TrunkingCallRouter;
import io.softswitch.core.health.GatewayProber;
import io.softswitch.core.cdr.CallAttempts;
import io.softswitch.core.cdr.CdrSink;
import io.softswitch.core.cdr.CdrWriter;
import io.softswitch.core.cdr.DeletedCallPurge;
import io.softswitch.core.console.CallTraffic;
import io.softswitch.core.voice.CallNotifications;
import io.softswitch.core.console.Console;
import io.softswitch.core.http.HttpServer;
import io.softswitch.core.security.AccountDrain;
import io.softswitch.core.security.ApiAuthGuard;
import io.softswitch.core.security.TargetPolicy;
import io.softswitch.core.security.AccountStatusGate;
import io.softswitch.core.security.DecoyRealms;
import io.softswitch.core.security.SecurityLog;
import io.softswitch.core.security.TrunkGate;
import io.softswitch.sip.auth.DigestServer;
import io.softswitch.trunking.Router;
import io.softswitch.trunking.SnapshotHolder;
import io.softswitch.trunking.health.GatewayHealthBoard;
import io.softswitch.trunking.health.HealthPolicy;
import io.softswitch.trunking.limit.CallLimiter;
import io.softswitch.trunking.limit.InMemoryCallLimiter;
import io.softswitch.core.redis.LimitsListener;
import io.softswitch.core.redis.LimitsMode;
import io.softswitch.core.redis.RedisCallLimiter;
import java.time.Clock;
import io.softswitch.core.metrics.SoftswitchMetrics;
import io.softswitch.core.call.VoiceApps;
import io.softswitch.core.voice.StoredSigningKeys;
import io.softswitch.core.voice.OutboundCalls;
import io.softswitch.core.voice.TwimlCalls;
import io.softswitch.config.VoiceConfig;
import io.softswitch.media.endpoint.MediaEndpoints;
import io.softswitch.voice.audio.AudioFetcher;
import io.softswitch.voice.call.ScheduledVoiceTimer;
import io.softswitch.voice.tts.CachingSynthesizer;
import io.softswitch.voice.tts.EspeakSynthesizer;
import io.softswitch.voice.tts.TtsException;
import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.webhook.GuardedWebhookClient;
import io.softswitch.voice.webhook.HttpWebhookClient;
import io.softswitch.voice.webhook.StatusCallbacks;
import io.softswitch.voice.webhook.WebhookClient;
import io.softswitch.voice.webhook.WebhookPolicy;
import java.net.InetAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.softswitch.core.simulator.CarrierSimulator;
import io.softswitch.core.store.AuthTokens;
import io.softswitch.core.store.Bootstrap;
import io.softswitch.core.store.OwnerOnly;
import io.softswitch.core.store.ProvisioningRejected;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.StorageHealth;
import io.softswitch.core.store.Store;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipTls;
import io.softswitch.core.tls.SipTlsFiles;
import io.softswitch.core.tls.TlsCertificateWatch;
import io.softswitch.core.tls.SelfSignedDefault;
import io.softswitch.core.tls.WatchedCertificates;
import io.softswitch.core.warmup.Warmup;
import io.softswitch.core.warmup.WarmupResult;
import io.softswitch.config.CertificateFiles;
import io.softswitch.sip.TlsIdentity;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running softswitch: metrics, storage, SIP and HTTP, started in that order and stopped in
 * reverse. {@link #start} returns once everything listens; {@link #close} is idempotent.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private CallTraffic traffic;
    private final Readiness readiness = new Readiness();
    private SoftswitchMetrics metrics;
    private SipEndpoint sip;
    private TlsCertificateWatch tlsWatch;
    /** How often the TLS certificate files are checked for a change. */
    static final Duration TLS_FILE_POLL_INTERVAL = Duration.ofSeconds(5);
    private HttpServer http;
    private OutboundCalls outboundCalls;
    private CarrierSimulator simulator;
    private SnapshotHolder snapshots;
    private CallEngine engine;
    private MediaRelay relay;
    private ProvisioningStore provisioning;
    private io.softswitch.core.recording.Recordings recordings;
    private CdrWriter cdrs;
    private boolean closed;
    private Path configFile;
    private Path dataDir;
    private String httpHost;
    private Duration drain = Duration.ZERO;
    private Duration drainingRetryAfter = Duration.ZERO;
    private NodeId node;
    private Warmup warmup;
    private long startNanos;

    private Daemon() {
    }

    public static Daemon start(SoftswitchConfig config, Path dataDir) throws IOException {
        return start(config, dataDir, null);
    }

    /** Starts a daemon whose {@code POST /admin/reload} re-reads {@code configFile} (null: no reload). */
    public static Daemon start(SoftswitchConfig config, Path dataDir, Path configFile) throws IOException {
        long t0 = System.nanoTime();
        warnIfDescriptorsBox();
        Daemon d = new Daemon();
        d.startNanos = t0;
        d.configFile = configFile;
        d.dataDir = dataDir;
        d.httpHost = config.http().host();
        d.drain = config.calls().drain();
        d.drainingRetryAfter = config.calls().retryAfter().draining();
        try {
            d.startAll(config, dataDir);
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
        if (!d.startWarmup()) {
            LOG.info("ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
        return d;
    }

    /**
     * Issue 15, cold start: while the built-in warm-up runs (on its own thread), {@code /ready} says
     * {@code "warmup":"down"} with a note; when it ends, however it ends, the daemon becomes ready.
     * False when there is no warm-up to run (off, or no UDP listener).
     */
    private boolean startWarmup() {
        if (!warmup.config().enabled()) {
            return false;
        }
        SipBinding udp = sip.bindings().stream().filter(b -> b.transport().equals("udp")).findFirst().orElse(null);
        if (udp == null) {
            LOG.warn("warm-up skipped: it calls over UDP and no sip.listen entry is udp");
            return false;
        }
        readiness.declare("warmup");
        readiness.note("warmup", "running: up to " + warmup.config().calls() + " synthetic calls, "
                + warmup.config().maxDuration().toSeconds() + " s");
        LOG.info("listening in {} ms; warm-up: up to {} synthetic calls ({} at a time, at most {} s) before ready",
                (System.nanoTime() - startNanos) / 1_000_000, warmup.config().calls(), warmup.config().concurrency(),
                warmup.config().maxDuration().toSeconds());
        Thread t = new Thread(() -> {
            try {
                WarmupResult r = warmup.run(new java.net.InetSocketAddress(udp.host(), udp.port()));
                readiness.note("warmup", r.describe());
                if (r.completed() == 0) {
                    LOG.warn("warm-up: no synthetic call completed ({}); ready anyway, the first calls meet a cold JIT",
                            r.describe());
                } else {
                    LOG.info("warm-up: {}", r.describe());
                }
            } catch (IOException | RuntimeException e) {
                readiness.note("warmup", "failed: " + e);
                LOG.warn("warm-up failed, ready anyway (the first calls meet a cold JIT): {}", e.toString());
            } finally {
                readiness.up("warmup");
                LOG.info("ready in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
            }
        }, "warmup");
        t.setDaemon(true);
        t.start();
        return true;
    }

    private void startAll(SoftswitchConfig config, Path dataDir) throws IOException {
        readiness.declare("sip");
        readiness.declare("storage");
        node = NodeId.of(config.cluster());
        node.nameLogs();
        LOG.info("node {}", node);
        // The node tag on every meter when the node is one of several (a node_id set, or shared
        // provisioning); a single node's series keep their labels as they were.
        boolean clustered = config.cluster().shared() || !config.cluster().nodeId().isEmpty();
        metrics = new SoftswitchMetrics(clustered ? node.value() : null);
        toClose.push(metrics);

        openDataDir(dataDir);
        openStorage(config, dataDir);

        List<String> selfSignedNames = SelfSignedDefault.names(config.sip(), config.http());
        SipTlsFiles tlsFiles = SipTlsFiles.of(config.sip(), dataDir, selfSignedNames, ModuleSettings::binding);
        SipTls tls = tlsFiles.read();
        sip = SipEndpoint.start(ModuleSettings.sip(config, "softswitch-" + INSTANCES.incrementAndGet(), tls),
                metrics.sipEvents());
        toClose.push(sip);
        for (SipBinding b : sip.bindings()) {
            LOG.info("listening sip {}", b);
        }
        startRecordings(config, dataDir);
        startCallEngine(config, dataDir);
        readiness.up("sip");

        if (config.simulator().enabled()) {
            simulator = CarrierSimulator.start(config.simulator(), ModuleSettings.overloadLimit(config.calls()),
                    metrics::simulatorAnswered);
            toClose.push(simulator);
            for (SipBinding b : simulator.bindings()) {
                LOG.info("listening simulator {}", b);
            }
        }

        ApiProtection protection = new ApiProtection(new ApiAuthGuard(config.tenancy(), metrics::apiSourceBlocked),
                new TargetPolicy(config.tenancy().allowInternalTargets(), this::ownListeners));
        Console console = new Console(provisioning, engine, metrics, traffic);
        toClose.push(console);
        Optional<CertificateFiles> httpsFiles = Optional.empty();
        if (config.http().tls().isPresent()) {
            Optional<CertificateFiles> configured = config.http().tls().get().identity();
            httpsFiles = Optional.of(configured.isPresent() ? configured.get()
                    : SelfSignedDefault.ensure(dataDir, selfSignedNames));
        }
        Optional<TlsIdentity> httpsIdentity = httpsFiles.isPresent()
                ? Optional.of(SipTlsFiles.identity(httpsFiles.get())) : Optional.empty();
        http = HttpServer.start(config.http().host(), config.http().port(), httpsIdentity, readiness, metrics,
                provisioning, this::reload, protection, console, recordings,
                engine.liveCallRegistry(), outboundCalls);
        toClose.push(http);
        LOG.info("listening {} {}:{}", http.scheme(), config.http().host(), http.port());

        List<WatchedCertificates> watched = new ArrayList<>(List.of(tlsFiles.watched(sip)));
        Map<String, X509Certificate> presented = new LinkedHashMap<>(SipTlsFiles.presented(tls));
        if (httpsFiles.isPresent()) {
            String label = "https " + config.http().host() + ":" + http.port();
            watched.add(WatchedCertificates.single(httpsFiles.get(), label, http::reloadTls));
            presented.put(label, httpsIdentity.get().chain().get(0));
        }
        tlsWatch = TlsCertificateWatch.start(watched, presented, metrics, Clock.systemUTC(), TLS_FILE_POLL_INTERVAL);
        toClose.push(tlsWatch);
    }

    /**
     * Call recordings (issue 19): the directory ({@code recordings.dir}, relative to the data
     * directory), the disk-space guard and the hourly retention run. {@code RecordingUrl}s name the
     * HTTP listener's address.
     */
    private void startRecordings(SoftswitchConfig config, Path dataDir) {
        io.softswitch.config.RecordingsConfig rc = config.recordings();
        String host = config.http().host().contains(":") ? "[" + config.http().host() + "]" : config.http().host();
        recordings = new io.softswitch.core.recording.Recordings(provisioning.rows(), dataDir.resolve(rc.dir()),
                rc.minFreeBytes(), () -> java.net.URI.create("http://" + host + ":"
                        + (http != null ? http.port() : config.http().port())),
                io.softswitch.core.recording.Recordings::usableSpace, metrics.recordingEvents());
        try {
            int recovered = recordings.recoverInterrupted();
            if (recovered > 0) {
                LOG.info("completed {} recording(s) interrupted by the last stop", recovered);
            }
        } catch (RuntimeException e) {
            LOG.warn("recordings interrupted by the last stop stay in-progress (database unreachable): {}", e.toString());
        }
        toClose.push(new io.softswitch.core.recording.RecordingRetention(recordings, rc.retention()).start());
    }

    private void startCallEngine(SoftswitchConfig config, Path dataDir) throws IOException {
        // Routing reads the store's provisioning (YAML declaration applied + API changes); every
        // committed change swaps in a new snapshot.
        // Rows that do not compile (written by an older version) are left out of routing: the
        // daemon starts and routes the rest, and /ready and a WARN name each problem.
        snapshots = new SnapshotHolder(provisioning.compilation().snapshot());
        provisioning.addListener(p -> {
            snapshots.swap(provisioning.compilation().snapshot());
            readiness.warnings("provisioning", provisioning.problems().stream().map(Object::toString).toList());
        });
        GatewayHealthBoard health = new GatewayHealthBoard(HealthPolicy.DEFAULT, Clock.systemUTC(),
                (id, h) -> {
                    LOG.info("gateway {} is now {}", id, h);
                    metrics.gatewayHealth(carrierLabel(id.carrier()), id.gateway(), h.up());
                });
        CallLimiter limiter = callLimiter(config);
        Router router = new Router(snapshots, health, limiter, Clock.systemUTC());
        String host = config.sip().advertisedHost().isEmpty() ? config.sip().listen().get(0).host()
                : config.sip().advertisedHost();
        DigestServer digest = DigestServer.withRandomSecret();
        TrunkGate.AuthListener authListener = new TrunkGate.AuthListener() {
            @Override
            public void authFailed(InetAddress source) {
                sip.authFailed(source);
            }

            @Override
            public void authSucceeded(InetAddress source) {
                sip.authSucceeded(source);
            }
        };
        // One gate identifies the sender once and admits, challenges (real or decoy: strangers get
        // the same challenge-then-403 whether or not the domain they name exists) or refuses.
        TrunkGate gate = new TrunkGate(digest, DecoyRealms.fromDataDir(dataDir), authListener);
        TrunkingCallRouter trunkingRouter = new TrunkingCallRouter(router, gate, host);
        CallRouter callRouter = new AccountStatusGate(trunkingRouter, snapshots);
        if (!config.cluster().trustedFronts().isEmpty()) {
            callRouter = new FrontSource(callRouter, config.cluster().trustedFronts());
            LOG.info("PBX source addresses taken from {} on requests from {}", ClusterConfig.SOURCE_HEADER,
                    config.cluster().trustedFronts());
        }
        // Outermost: the warm-up recognizes its own INVITEs by their packet's source, before a front's
        // header could name another one.
        warmup = new Warmup(config.warmup(), ModuleSettings.warmupCallsPerSecond(config.sip().security()));
        toClose.push(warmup);
        callRouter = warmup.router(callRouter);
        GatewayProber prober = new GatewayProber(snapshots, health, sip::probe);
        toClose.push(prober);
        MediaConfig mc = config.media();
        MediaBridge media;
        if (mc.mode() == MediaMode.BYPASS) {
            media = new DirectMedia();
            LOG.info("media bypass: SDP passes unchanged, RTP flows end to end (media.mode: bypass)");
        } else {
            relay = MediaRelay.start(ModuleSettings.media(mc), metrics.mediaEvents());
            toClose.push(relay);
            LOG.info("listening media {} ports {}-{} ({})", mc.bindAddress(), mc.portMin(), mc.portMax(),
                    relay.transport());
            media = new RelayMedia(relay);
        }
        CallAttempts attempts = new CallAttempts(provisioning.rows().jdbc(), Clock.systemUTC(), dataDir);
        toClose.push(attempts);
        traffic = new CallTraffic(Clock.systemUTC()); // the console dashboard's per-trunk and per-carrier minutes
        io.softswitch.core.recording.StoredTrunkRecordings trunkRecordings =
                new io.softswitch.core.recording.StoredTrunkRecordings(provisioning.rows(), recordings);
        provisioning.addListener(trunkRecordings);
        CallEvents events = warmup.events(CallEvents.both(
                metrics.callEvents(() -> engine.activeCalls() - warmup.liveCalls(), this::carrierLabel),
                CallEvents.both(new CallRecords(cdrs, snapshots::current, provisioning.mainAccountSid(), node.value()),
                        CallEvents.both(new SecurityLog(), CallEvents.both(attempts, traffic)))));
        VoiceApps voice = voiceApps(config, mc);
        engine = CallEngine.builder(callRouter, media, sip::dial)
                .events(events)
                .voice(voice)
                .recordings(trunkRecordings)
                .maxCalls(config.calls().maxCalls())
                .threads(config.calls().effectiveThreads())
                .maxBacklog(config.calls().maxBacklog())
                .overload(ModuleSettings.overloadLimit(config.calls()))
                .retryAfter(ModuleSettings.retryAfter(config.calls()))
                .build();
        toClose.push(engine);
        if (voice instanceof TwimlCalls twiml) {
            // Calls API (issue 19): placed through the same engine and routing as a PBX's calls.
            outboundCalls = new OutboundCalls(engine, trunkingRouter, snapshots::current, twiml);
            twiml.dials(engine, trunkingRouter, new TargetPolicy(config.tenancy().allowInternalTargets(),
                    this::ownListeners));
            toClose.push(outboundCalls);
        }
        AccountDrain accountDrain = new AccountDrain(engine, config.calls().drain());
        toClose.push(accountDrain);
        provisioning.addListener(accountDrain);
        sip.setHandler(engine);
    }

    /**
     * Limits in memory, or cluster-wide through Redis when {@code redis.url} is set (issue 17):
     * {@code /ready} shows {@code redis: up}, or {@code degraded} (still ready) while Redis is
     * unreachable and the node enforces its local share.
     */
    private CallLimiter callLimiter(SoftswitchConfig config) {
        if (!config.redis().enabled()) {
            return new InMemoryCallLimiter();
        }
        LimitsListener metered = metrics.clusterLimits();
        readiness.declare("redis");
        RedisCallLimiter limiter = RedisCallLimiter.start(config.redis(), node.value(), new LimitsListener() {
            @Override
            public void modeChanged(LimitsMode mode, String reason) {
                metered.modeChanged(mode, reason);
                if (mode == LimitsMode.REDIS) {
                    readiness.up("redis");
                } else {
                    readiness.degraded("redis", reason);
                }
            }

            @Override
            public void localAdmission() {
                metered.localAdmission();
            }

            @Override
            public void redisAdmission(long nanos) {
                metered.redisAdmission(nanos);
            }
        });
        toClose.push(limiter);
        LOG.info("cluster limits through Redis {} as {} ({})", config.redis().redactedUrl(), limiter.owner(),
                limiter.mode().tag());
        return limiter;
    }

    /**
     * The TwiML engine (issue 18): one media-endpoint thread, one timer, one webhook client guarded
     * by {@code voice.webhook_allowed_hosts} and refusing the switch's own ports, one TTS pool. The
     * TTS engine is checked on first use of {@code <Say>}: a missing espeak-ng is an error on that
     * call (logged once here as a WARN), not a failed start, since most switches use no {@code <Say>}.
     */
    private VoiceApps voiceApps(SoftswitchConfig config, MediaConfig mc) throws IOException {
        VoiceConfig vc = config.voice();
        InetAddress bind = InetAddress.getByName(mc.bindAddress());
        // The SDP answer carries media.advertised_address when set, else the bind address (not a wildcard).
        InetAddress advertised = mc.advertisedAddress() != null && !mc.advertisedAddress().isEmpty()
                ? InetAddress.getByName(mc.advertisedAddress())
                : bind.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bind;
        MediaEndpoints endpoints = new MediaEndpoints(bind);
        toClose.push(endpoints);
        ScheduledVoiceTimer timer = new ScheduledVoiceTimer();
        toClose.push(timer);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemonThreads("voice"));
        toClose.push(pool::shutdownNow);
        ExecutorService ttsPool = Executors.newFixedThreadPool(vc.ttsThreads(), daemonThreads("tts"));
        toClose.push(ttsPool::shutdownNow);
        java.util.Set<Integer> ownPorts = new java.util.HashSet<>();
        ownPorts.add(config.http().port());
        config.sip().listen().forEach(l -> ownPorts.add(l.port()));
        WebhookPolicy policy = new WebhookPolicy(java.util.Set.copyOf(vc.webhookAllowedHosts()), ownPorts);
        WebhookClient webhooks = new GuardedWebhookClient(new HttpWebhookClient(), policy, pool);
        WebhookClient audioHttp = new GuardedWebhookClient(new HttpWebhookClient(HttpWebhookClient.CONNECT_TIMEOUT,
                HttpWebhookClient.RESPONSE_TIMEOUT, AudioFetcher.DEFAULT_MAX_BYTES), policy, pool);
        EspeakSynthesizer espeak = new EspeakSynthesizer(vc.espeakBinary(), ttsPool);
        try {
            espeak.check();
        } catch (TtsException e) {
            LOG.warn("voice: <Say> will fail on calls: {}", e.getMessage());
        }
        CallNotifications notifications = new CallNotifications(provisioning.rows());
        toClose.push(notifications);
        StatusCallbacks callbacks = new StatusCallbacks(webhooks, vc.callbackQueue(), 1);
        toClose.push(callbacks);
        return new TwimlCalls(endpoints, advertised, timer, webhooks, pool,
                new CachingSynthesizer(espeak, Math.max(1, vc.ttsCacheEntries())),
                new AudioFetcher(audioHttp, pool, Math.max(1, vc.audioCacheEntries())), callbacks,
                new StoredSigningKeys(provisioning), new TwimlCalls.Listener() {
                    @Override
                    public void webhook(String outcome) {
                        metrics.webhookRequest(outcome);
                    }

                    @Override
                    public void notification(String accountSid, String callSid, TwimlError error, java.net.URI url,
                            String method) {
                        LOG.info("{}: TwiML notification {}", callSid, error);
                        notifications.record(accountSid, callSid, error, url, method);
                    }
                }, recordings);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Re-reads the configuration file and applies its provisioning block idempotently (the store
     * notifies routing, which swaps its snapshot). A file with problems changes nothing.
     */
    public AdminActions.ReloadResult reload() {
        if (tlsWatch != null) {
            tlsWatch.reload();
        }
        if (configFile == null) {
            return AdminActions.NONE.reload();
        }
        try {
            SoftswitchConfig next = ConfigFiles.loader().load(configFile);
            provisioning.apply(next.provisioning());
            LOG.info("reloaded provisioning from {}", configFile);
            return new AdminActions.ReloadResult(true, List.of());
        } catch (ConfigException e) {
            LOG.warn("reload of {} refused: {} problem(s)", configFile, e.problems().size());
            return new AdminActions.ReloadResult(false, e.problems().stream().map(Object::toString).toList());
        } catch (ProvisioningRejected e) {
            LOG.warn("reload of {} refused: {} problem(s) with what is already stored", configFile, e.problems().size());
            return new AdminActions.ReloadResult(false, e.problems().stream().map(p -> configFile + ": " + p).toList());
        } catch (RuntimeException e) {
            LOG.warn("reload of {} failed: {}", configFile, e.toString());
            return new AdminActions.ReloadResult(false, List.of(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** The SIP and HTTP addresses this daemon listens on: where tenants' URLs may not point. */
    private java.util.Set<java.net.InetSocketAddress> ownListeners() {
        java.util.Set<java.net.InetSocketAddress> out = new java.util.HashSet<>();
        if (sip != null) {
            for (SipBinding b : sip.bindings()) {
                out.add(new java.net.InetSocketAddress(b.host(), b.port()));
            }
        }
        if (http != null) {
            out.add(new java.net.InetSocketAddress(httpHost, http.port()));
        }
        return out;
    }

    /** A carrier's name for metric labels, from the key (SID) routing knows it by. */
    private String carrierLabel(String key) {
        return snapshots.current().carrier(key).map(c -> c.name()).orElse(key);
    }

    /** The routing snapshot in force; provisioning changes swap it. */
    public SnapshotHolder snapshots() {
        return snapshots;
    }

    public CallEngine engine() {
        return engine;
    }

    /** The built-in warm-up (issue 15), whether or not it runs. */
    public Warmup warmup() {
        return warmup;
    }

    /** Database, main account, provisioning (with the config's declaration applied) and the CDR writer. */
    private void openStorage(SoftswitchConfig config, Path dataDir) {
        Store store = Store.open(config.storage(), dataDir);
        toClose.push(store);
        AuthTokens tokens = AuthTokens.from(dataDir, System::getenv);
        if (store.reachable() && tokens.migrate(store.jdbc()) > 0) {
            store.compactEmbedded(); // no page of the H2 file keeps the clear tokens
        }
        String main = Bootstrap.ensureMainAccount(store.jdbc(), dataDir, System::getenv, tokens);
        provisioning = new ProvisioningStore(new Rows(store.jdbc()), main, tokens, ConfigFiles.ownHosts(config));
        provisioning.apply(config.provisioning());
        restrictDataDir(dataDir); // the H2 files, created by H2 with the process umask
        if (config.cluster().shared()) {
            toClose.push(ProvisioningFeed.start(config.storage(), provisioning, node));
        }
        cdrs = new CdrWriter(store.dataSource(), dataDir);
        toClose.push(cdrs);
        toClose.push(new DeletedCallPurge(store.jdbc(),
                config.tenancy().deletedCallRetention()).start());
        toClose.push(new StorageHealth(store, 2000,
                up -> {
                    if (up) {
                        readiness.up("storage");
                    } else {
                        readiness.down("storage", "database unreachable");
                    }
                }));
        if (store.reachable()) {
            readiness.up("storage");
        }
    }

    /** The data directory and everything in it are the daemon user's only (issue 22). */
    private static void openDataDir(Path dataDir) throws IOException {
        OwnerOnly.directory(dataDir);
        OwnerOnly.restrict(dataDir);
        if (!Files.isWritable(dataDir)) {
            throw new IOException("data directory " + dataDir.toAbsolutePath() + " is not writable");
        }
    }

    private static void restrictDataDir(Path dataDir) {
        try {
            OwnerOnly.restrict(dataDir);
        } catch (IOException e) {
            LOG.warn("cannot narrow the modes under {}: {}", dataDir, e.toString());
        }
    }

    public Readiness readiness() {
        return readiness;
    }

    public SoftswitchMetrics metrics() {
        return metrics;
    }

    public List<SipBinding> sipBindings() {
        return sip.bindings();
    }

    /** What is provisioned, with change listeners (routing snapshots subscribe here). */
    public ProvisioningStore provisioning() {
        return provisioning;
    }

    /** Where the call engine submits each finished call's record. */
    public CdrSink cdrs() {
        return cdrs;
    }

    /** The call recordings (files and rows). */
    public io.softswitch.core.recording.Recordings recordings() {
        return recordings;
    }

    /** This node's name in records, logs and metrics ({@code cluster.node_id}). */
    public NodeId node() {
        return node;
    }

    public int httpPort() {
        return http.port();
    }

    /** Graceful stop: refuse new calls, then close listeners and release everything. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (warmup != null) {
            warmup.close(); // first: its callers would otherwise meet the drain's 503s until closed
        }
        // Draining: new INVITEs and OPTIONS get 503 and /ready says so, so that a front or a load
        // balancer moves new calls away while the calls in progress finish.
        readiness.drain();
        if (sip != null) {
            sip.stopAccepting(drainingRetryAfter);
        }
        if (engine != null) {
            int ended = engine.finish(drain);
            if (ended > 0) {
                LOG.info("hung up {} call(s) still up after the {} s drain", ended, drain.toSeconds());
            }
        }
        while (!toClose.isEmpty()) {
            AutoCloseable c = toClose.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        if (dataDir != null) {
            restrictDataDir(dataDir); // files H2 wrote while running (its trace file)
        }
        LOG.info("stopped");
    }

    /**
     * The media relay's packet path allocates nothing only if the JVM's {@code Integer} cache covers its
     * sockets' descriptors (JDK 17's epoll selector boxes the descriptor of each ready socket): the
     * launcher passes {@code -XX:AutoBoxCacheMax=65535}; a bare {@code java -jar} gets 127 and 16 bytes of
     * garbage per relayed packet. Said once at start, so that the cause is in the log.
     */
    private static void warnIfDescriptorsBox() {
        Integer a = 65_535;
        Integer b = 65_535;
        if (a != b) {
            LOG.warn("the JVM runs without -XX:AutoBoxCacheMax=65535 (the launcher's): the media relay allocates "
                    + "16 bytes per relayed packet (socket descriptors boxed by the JDK's selector)");
        }
    }
}
