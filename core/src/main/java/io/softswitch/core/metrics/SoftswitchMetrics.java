package io.softswitch.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.softswitch.core.call.OutboundInvite;
import io.softswitch.core.call.CallEvents;
import io.softswitch.core.call.CallSummary;
import io.softswitch.media.DropReason;
import io.softswitch.media.DtmfEvent;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaStats;
import io.softswitch.media.Side;
import io.softswitch.sip.SipStatus;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.softswitch.sip.SipEvents;

/**
 * All meters of the daemon, declared here with their descriptions. Names are lower-case and
 * dotted; tags only take small fixed value sets (SIP method, status class), never a number or a
 * Call-ID. The modules report through listener interfaces ({@link SipEvents}, {@link CallEvents},
 * {@link MediaEvents}); this class is where they become meters, which is why it is longer than a
 * few hundred lines.
 */
public final class SoftswitchMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public SoftswitchMetrics() {
        this(null);
    }

    /**
     * Meters that all carry the tag {@code node} (the cluster node's id; null: no such tag), set
     * before any meter exists so that every series of a cluster says which node it counts.
     */
    public SoftswitchMetrics(String node) {
        if (node != null) {
            registry.config().commonTags("node", node);
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** {@code api.sources.blocked}: a source address blocked for failed REST API authentications. */
    /**
     * One webhook request of a TwiML call (issue 18): {@code webhook_requests_total{outcome}}, outcome
     * {@code ok} or Twilio's error code ({@code 11200} retrieval failure, {@code 12100} parse failure,
     * {@code 12300} content type...).
     */
    public void webhookRequest(String outcome) {
        Counter.builder("webhook.requests")
                .description("Webhook requests of TwiML calls, by outcome (ok or Twilio's error code)")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /**
     * Call recordings (issue 19): {@code recordings_refused_total{reason}} ({@code disk}: below
     * {@code recordings.min_free_mb}; {@code error}), {@code recordings_started_total{source}},
     * {@code recordings_total{status}} and {@code recordings_seconds_total} once each ends.
     */
    public io.softswitch.core.recording.Recordings.Listener recordingEvents() {
        return new io.softswitch.core.recording.Recordings.Listener() {
            @Override
            public void refused(String reason) {
                Counter.builder("recordings.refused").description("Recordings not started, by reason (disk, error)")
                        .tag("reason", reason).register(registry).increment();
            }

            @Override
            public void started(io.softswitch.core.recording.RecordingSource source) {
                Counter.builder("recordings.started").description("Recordings started, by Twilio source")
                        .tag("source", source.twilio()).register(registry).increment();
            }

            @Override
            public void finished(String status, java.time.Duration duration, long bytes) {
                Counter.builder("recordings").description("Recordings ended, by status (completed, failed)")
                        .tag("status", status).register(registry).increment();
                Counter.builder("recordings.seconds").description("Seconds of audio recorded")
                        .register(registry).increment(duration.toMillis() / 1000.0);
            }
        };
    }

    public void apiSourceBlocked() {
        io.micrometer.core.instrument.Counter.builder("api.sources.blocked")
                .description("Source addresses blocked for consecutive failed REST API authentications")
                .register(registry)
                .increment();
    }

    /**
     * SIP counters fed by the SIP layer: {@code sip.requests}, {@code sip.responses},
     * {@code sip.dropped}, {@code sip.sources.blocked} and {@code sip.auth.backoffs}.
     */
    public SipEvents sipEvents() {
        CounterCache requests = new CounterCache((method, unused) -> Counter.builder("sip.requests")
                .description("SIP requests received, by method")
                .tag("method", method)
                .register(registry));
        CounterCache responses = new CounterCache((method, status) -> Counter.builder("sip.responses")
                .description("SIP responses sent, by request method and status class")
                .tag("method", method)
                .tag("status", status)
                .register(registry));
        return new SipEvents() {
            @Override
            public void requestReceived(String method) {
                requests.get(method, "").increment();
            }

            @Override
            public void responseSent(String method, int status) {
                responses.get(method, statusClass(status)).increment();
            }

            @Override
            public void overloadShed() {
                Counter.builder("sip.overload.shed")
                        .description("New INVITEs answered 503 + Retry-After at once because the SIP workers were behind")
                        .register(registry)
                        .increment();
            }

            @Override
            public void requestDropped(String reason) {
                Counter.builder("sip.dropped")
                        .description("SIP requests dropped without an answer, by reason (scanner, blocked, auth-backoff, unanswerable)")
                        .tag("reason", reason)
                        .register(registry)
                        .increment();
            }

            @Override
            public void sourceBlocked(String reason) {
                Counter.builder("sip.sources.blocked")
                        .description("Source addresses blocked, by reason (rate-limit, auth-failures)")
                        .tag("reason", reason)
                        .register(registry)
                        .increment();
            }

            @Override
            public void tlsRefused(String reason) {
                Counter.builder("sip.tls.refused")
                        .description("Inbound TLS connections closed before any SIP, by reason (not-tls, protocol, "
                                + "certificate, timeout, closed)")
                        .tag("reason", reason)
                        .register(registry)
                        .increment();
            }

            @Override
            public void tlsPeerFailed(String reason) {
                Counter.builder("sip.tls.peer.failures")
                        .description("Outbound TLS connections that failed in the handshake, nothing sent, by reason "
                                + "(name, untrusted, handshake)")
                        .tag("reason", reason)
                        .register(registry)
                        .increment();
            }

            @Override
            public void authBackoff() {
                Counter.builder("sip.auth.backoffs")
                        .description("Authentication failures that made their source back off (credentials dropped "
                                + "for a doubling window; sip.security.auth_backoff_ms)")
                        .register(registry)
                        .increment();
            }
        };
    }

    /**
     * Media relay meters, all created here up front so the per-packet methods only increment (no
     * lookup, no allocation): {@code media.packets} and {@code media.bytes} (tags {@code leg} = the
     * sending side {@code a}/{@code b}, {@code kind} = {@code rtp}/{@code rtcp}), {@code media.dropped}
     * ({@code reason} = a {@link DropReason#tag()}), {@code media.relay.latency}, {@code
     * media.rtp.timeouts}, {@code media.dtmf.digits}, {@code media.allocation.failures} and the
     * gauges {@code media.sessions.active} and {@code media.ports.in_use}. Call once per relay.
     */
    public MediaEvents mediaEvents() {
        Counter[] packets = new Counter[Side.values().length * 2];
        Counter[] bytes = new Counter[packets.length];
        for (Side side : Side.values()) {
            for (boolean rtcp : new boolean[] {false, true}) {
                String leg = side.name().toLowerCase(Locale.ROOT);
                String kind = rtcp ? "rtcp" : "rtp";
                packets[mediaIndex(side, rtcp)] = Counter.builder("media.packets")
                        .description("Packets relayed, by sending leg and kind")
                        .tags("leg", leg, "kind", kind).register(registry);
                bytes[mediaIndex(side, rtcp)] = Counter.builder("media.bytes")
                        .description("UDP payload bytes relayed, by sending leg and kind")
                        .baseUnit("bytes").tags("leg", leg, "kind", kind).register(registry);
            }
        }
        Counter[] drops = new Counter[DropReason.values().length];
        for (DropReason reason : DropReason.values()) {
            drops[reason.ordinal()] = Counter.builder("media.dropped")
                    .description("Packets received but not relayed, by reason")
                    .tag("reason", reason.tag()).register(registry);
        }
        DistributionSummary latency = DistributionSummary.builder("media.relay.latency")
                .description("Time a packet spent in the relay, from the wake-up of the event-loop pass that read it "
                        + "(plus the estimated wait before it when the loop was behind) to handing it to the kernel, "
                        + "in microseconds (sampled: 1 in " + MediaEvents.LATENCY_SAMPLE_INTERVAL
                        + " packets per session)")
                .baseUnit("microseconds")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                // a loop that falls behind queues packets for up to the socket buffer's 1.5 s
                .maximumExpectedValue(10_000_000.0)
                .register(registry);
        Counter timeouts = Counter.builder("media.rtp.timeouts")
                .description("Sessions silent on both legs for the RTP timeout").register(registry);
        Counter dtmfDigits = Counter.builder("media.dtmf.digits")
                .description("RFC 4733 DTMF digits seen (counted at their end)").register(registry);
        Counter allocationFailures = Counter.builder("media.allocation.failures")
                .description("Sessions refused: port range exhausted or ports not bindable").register(registry);
        AtomicInteger activeSessions = new AtomicInteger();
        AtomicInteger portsInUse = new AtomicInteger();
        AtomicInteger shedSessions = new AtomicInteger();
        Gauge.builder("media.sessions.shed", shedSessions, AtomicInteger::get)
                .description("Relay sessions whose media is not read because their event loop fell behind "
                        + "(media.max_queue_delay_ms)").register(registry);
        DistributionSummary loopLag = DistributionSummary.builder("media.loop.lag")
                .description("Largest lag of a media event loop per second, in milliseconds: how long a packet "
                        + "can have waited in its socket before the relay read it")
                .baseUnit("milliseconds")
                .publishPercentileHistogram()
                .minimumExpectedValue(0.1)
                .maximumExpectedValue(10_000.0)
                .register(registry);
        Gauge.builder("media.sessions.active", activeSessions, AtomicInteger::get)
                .description("Open relay sessions").register(registry);
        Gauge.builder("media.ports.in_use", portsInUse, AtomicInteger::get)
                .description("Relay ports held by open sessions").register(registry);
        return new MediaEvents() {
            @Override
            public void packetRelayed(Side from, boolean rtcp, int size) {
                int i = mediaIndex(from, rtcp);
                packets[i].increment();
                bytes[i].increment(size);
            }

            @Override
            public void relayLatency(long nanos) {
                latency.record(nanos / 1000.0);
            }

            @Override
            public void packetDropped(Side from, DropReason reason) {
                drops[reason.ordinal()].increment();
            }

            @Override
            public void packetsDropped(Side from, DropReason reason, long count) {
                drops[reason.ordinal()].increment(count);
            }

            @Override
            public void sessionShed(String label, boolean shed) {
                shedSessions.addAndGet(shed ? 1 : -1);
            }

            @Override
            public void loopLag(long maxNanos) {
                loopLag.record(maxNanos / 1e6);
            }

            @Override
            public void sessionOpened(int active, int ports) {
                activeSessions.set(active);
                portsInUse.set(ports);
            }

            @Override
            public void sessionClosed(MediaStats stats, int active, int ports) {
                activeSessions.set(active);
                portsInUse.set(ports);
            }

            @Override
            public void allocationFailed(String reason) {
                allocationFailures.increment();
            }

            @Override
            public void rtpTimeout(String label) {
                timeouts.increment();
            }

            @Override
            public void dtmf(DtmfEvent event) {
                if (event.end()) {
                    dtmfDigits.increment();
                }
            }
        };
    }

    private static int mediaIndex(Side side, boolean rtcp) {
        return side.ordinal() * 2 + (rtcp ? 1 : 0);
    }

    /**
     * {@code tls_certificate_expiry_seconds{certificate}}: seconds until a certificate we present
     * expires (negative once expired); {@code expiresAt} is read on every scrape.
     */
    public void tlsCertificateExpiry(String certificate, java.util.function.Supplier<java.time.Instant> expiresAt) {
        Gauge.builder("tls.certificate.expiry.seconds",
                () -> java.time.Duration.between(java.time.Instant.now(), expiresAt.get()).toSeconds())
                .description("Seconds until a TLS certificate the switch presents expires")
                .tag("certificate", certificate)
                .register(registry);
    }

    /** {@code simulator.answers{status}}: final answers given by the built-in simulated carrier. */
    public void simulatorAnswered(int status) {
        Counter.builder("simulator.answers")
                .description("Final responses sent by the built-in simulated carrier, by status code")
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
    }

    /**
     * Call engine meters: {@code calls.active} (gauge), {@code calls} (ended calls by direction and
     * status), {@code calls.rejected} (refused before any attempt), {@code calls.secure.refused} (Secure trunks: by reason tls/srtp), {@code calls.auth.failures} (refused for failed
     * credentials, no record), {@code call.attempts} (by carrier
     * and status class), {@code call.setup.time} (post-dial delay histogram).
     */
    public CallEvents callEvents(IntSupplier activeCalls) {
        return callEvents(activeCalls, UnaryOperator.identity());
    }

    /**
     * Call meters; {@code carrierLabel} turns the carrier key an attempt carries (its SID) into
     * the {@code carrier} label people read (its name).
     */
    public CallEvents callEvents(IntSupplier activeCalls, UnaryOperator<String> carrierLabel) {
        Gauge.builder("calls.active", activeCalls::getAsInt)
                .description("Calls in progress")
                .register(registry);
        Timer pdd = Timer.builder("call.setup.time")
                .description("Post-dial delay: INVITE received to first ringing or answer from the far end")
                .publishPercentileHistogram()
                .register(registry);
        CounterCache attempts = new CounterCache((carrier, status) -> Counter.builder("call.attempts")
                .description("Outbound attempts by carrier (for origination, the carrier the call came from) and result class")
                .tag("carrier", carrier)
                .tag("status", status)
                .register(registry));
        CounterCache calls = new CounterCache((direction, status) -> Counter.builder("calls")
                .description("Finished calls by direction and Twilio status")
                .tag("direction", direction)
                .tag("status", status)
                .register(registry));
        return new CallEvents() {
            @Override
            public void secureTrunkRefused(String trunk, SecureRefusal reason) {
                Counter.builder("calls.secure.refused")
                        .description("INVITEs of Secure trunks refused: reason tls (not over TLS, 403) or srtp (no"
                                + " SRTP offered, 488)")
                        .tag("reason", reason.tag())
                        .register(registry)
                        .increment();
            }

            @Override
            public void callRejected(String callSid, SipStatus status) {
                Counter.builder("calls.rejected")
                        .description("Calls refused before any outbound attempt (auth, limits, routing, overload)")
                        .register(registry)
                        .increment();
            }

            @Override
            public void authFailed(String trunk, String source) {
                Counter.builder("calls.auth.failures")
                        .description("New INVITEs refused 403 for failed credentials (not calls: no record),"
                                + " by whether they named a trunk that exists")
                        .tag("trunk", trunk == null ? "unknown" : "known")
                        .register(registry)
                        .increment();
            }

            @Override
            public void attemptEnded(String callSid, OutboundInvite attempt, SipStatus status) {
                attempts.get(attempt.carrier() == null ? "none" : carrierLabel.apply(attempt.carrier()),
                        statusClass(status.code())).increment();
            }

            @Override
            public void postDialDelay(String callSid, long nanos) {
                pdd.record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void callEnded(CallSummary s) {
                calls.get(s.direction().twilioName(), s.status().twilioName()).increment();
            }
        };
    }

    private final java.util.Map<String, AtomicInteger> gatewayUp =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code carrier.gateway.up{carrier,gateway}}: 1 while health probing says the gateway is up, else 0. */
    public void gatewayHealth(String carrier, String gateway, boolean up) {
        gatewayUp.computeIfAbsent(carrier + "\u0000" + gateway, k -> {
            AtomicInteger v = new AtomicInteger(1);
            Gauge.builder("carrier.gateway.up", v, AtomicInteger::get)
                    .description("1 while OPTIONS probing sees the carrier gateway up, 0 when marked down")
                    .tag("carrier", carrier)
                    .tag("gateway", gateway)
                    .register(registry);
            return v;
        }).set(up ? 1 : 0);
    }

    /**
     * Cluster-wide limits in Redis (issue 17): {@code cluster.limits.mode{mode=redis|local}} (1 for
     * the current mode), {@code cluster.limits.local.admissions} (calls decided on this node's local
     * share because Redis did not answer) and {@code cluster.limits.redis.seconds} (how long a call
     * waited for Redis to admit it).
     */
    public io.softswitch.core.redis.LimitsListener clusterLimits() {
        AtomicInteger redisMode = new AtomicInteger();
        Gauge.builder("cluster.limits.mode", redisMode, AtomicInteger::get)
                .description("1 while call limits are shared cluster-wide through Redis").tag("mode", "redis")
                .register(registry);
        Gauge.builder("cluster.limits.mode", redisMode, v -> 1 - v.get())
                .description("1 while Redis is unreachable and this node enforces its local share of each limit")
                .tag("mode", "local").register(registry);
        Counter local = Counter.builder("cluster.limits.local.admissions")
                .description("calls admitted or refused on this node's local share because Redis did not answer")
                .register(registry);
        Timer wait = Timer.builder("cluster.limits.redis")
                .description("time a new call waited for Redis to decide its admission")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        return new io.softswitch.core.redis.LimitsListener() {
            @Override
            public void modeChanged(io.softswitch.core.redis.LimitsMode mode, String reason) {
                redisMode.set(mode == io.softswitch.core.redis.LimitsMode.REDIS ? 1 : 0);
            }

            @Override
            public void localAdmission() {
                local.increment();
            }

            @Override
            public void redisAdmission(long nanos) {
                wait.record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }

    private static final String[] STATUS_CLASSES = {"0xx", "1xx", "2xx", "3xx", "4xx", "5xx", "6xx", "7xx", "8xx", "9xx"};

    /** {@code 4xx} for 486: the status tag of the SIP counters. */
    static String statusClass(int status) {
        int c = status / 100;
        return c >= 0 && c < STATUS_CLASSES.length ? STATUS_CLASSES[c] : c + "xx";
    }

    /**
     * The counters of one meter by two tag values, each registered once. Per message, a
     * builder, its tags and the registry's id lookup cost more than the increment (about 1 % of the
     * daemon's CPU at 150 calls/s, bench/results/issue15). Tag values come from small sets
     * (methods, status classes, directions, configured carriers); nothing removes these meters.
     */
    private static final class CounterCache {
        private final ConcurrentHashMap<String, ConcurrentHashMap<String, Counter>> byFirst = new ConcurrentHashMap<>();
        private final BiFunction<String, String, Counter> register;

        CounterCache(BiFunction<String, String, Counter> register) {
            this.register = register;
        }

        Counter get(String first, String second) {
            ConcurrentHashMap<String, Counter> bySecond = byFirst.get(first);
            if (bySecond == null) {
                bySecond = byFirst.computeIfAbsent(first, k -> new ConcurrentHashMap<>());
            }
            Counter c = bySecond.get(second);
            return c != null ? c : bySecond.computeIfAbsent(second, k -> register.apply(first, k));
        }
    }
}
