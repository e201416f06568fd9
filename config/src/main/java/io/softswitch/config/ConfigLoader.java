package io.softswitch.config;

import io.softswitch.config.internal.ConfigNode;
import io.softswitch.config.internal.Problems;
import io.softswitch.config.internal.Sockets;
import io.softswitch.config.provisioning.ProvisioningProblem;
import io.softswitch.config.tls.PemException;
import io.softswitch.config.tls.PemIdentity;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Loads {@code softswitch.yaml} into a {@link SoftswitchConfig}. Unknown keys, wrong types,
 * out-of-range values and missing required keys are all errors; every one found is reported in
 * the thrown {@link ConfigException} with file, line, key path, value and expectation.
 */
public final class ConfigLoader {
    /** Largest config file read, so that a wrong path (a log, a device) fails fast. */
    public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private final Function<String, String> env;
    private final Function<SoftswitchConfig, List<ProvisioningProblem>> provisioningCheck;

    public ConfigLoader() {
        this(System::getenv);
    }

    /** A loader resolving {@code ${VAR}} references with {@code env} (tests pass a map). */
    public ConfigLoader(Function<String, String> env) {
        this(env, p -> List.of());
    }

    private ConfigLoader(Function<String, String> env, Function<SoftswitchConfig, List<ProvisioningProblem>> check) {
        this.env = env;
        this.provisioningCheck = check;
    }

    /**
     * A loader that also runs {@code check} (the routing compile, which owns the provisioning
     * rules) over a configuration whose shape is right, reporting each problem it finds in the
     * {@code provisioning:} block with the file and line of the key it names. The check sees the
     * whole configuration, e.g. the switch's own addresses that no trunk domain may take.
     */
    public ConfigLoader withProvisioningCheck(Function<SoftswitchConfig, List<ProvisioningProblem>> check) {
        return new ConfigLoader(env, check);
    }

    public SoftswitchConfig load(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw single(name, "file size " + Files.size(file) + " bytes", "at most " + MAX_FILE_BYTES);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw single(name, "cannot read: " + e.getClass().getSimpleName() + " " + e.getMessage(),
                    "a readable YAML file");
        }
        return parse(name, text);
    }

    public SoftswitchConfig parse(String fileName, String yaml) throws ConfigException {
        Problems problems = new Problems(fileName, env);
        Node rootNode;
        try {
            rootNode = compose(new StringReader(yaml)).orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ConfigException(List.of(new ConfigProblem(fileName, line, "",
                    "YAML syntax error: " + e.getProblem(), "well-formed YAML")));
        } catch (YamlEngineException e) {
            throw single(fileName, "YAML syntax error: " + e.getMessage(), "well-formed YAML");
        }
        ConfigNode root = ConfigNode.root(rootNode, problems);
        SoftswitchConfig config = read(root);
        if (problems.isEmpty()) {
            ConfigNode block = root.child("provisioning");
            for (ProvisioningProblem p : provisioningCheck.apply(config)) {
                ConfigNode at = block.at(p.path());
                problems.add(new ConfigProblem(fileName, at.line(), "provisioning." + p.path(), p.value(), p.expected()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list());
        }
        return config;
    }

    private static Optional<Node> compose(Reader reader) {
        LoadSettings settings = LoadSettings.builder()
                .setAllowDuplicateKeys(true) // reported by ConfigNode with the key path instead
                .setMaxAliasesForCollections(50)
                .setCodePointLimit(MAX_FILE_BYTES)
                .build();
        Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, reader)));
        Optional<Node> node = composer.getSingleNode();
        return node;
    }

    private static SoftswitchConfig read(ConfigNode root) {
        if (root.isPresent()) {
            root.expectMapping("sip", "http", "media", "calls", "storage", "redis", "simulator", "provisioning",
                    "tenancy", "voice", "recordings", "cluster", "warmup");
        }
        Sockets sockets = new Sockets();
        StorageConfig storage = storage(root.child("storage"));
        return new SoftswitchConfig(
                sip(root.child("sip"), sockets),
                http(root.child("http"), sockets),
                media(root.child("media")),
                calls(root.child("calls")),
                storage,
                redis(root.child("redis")),
                simulator(root.child("simulator"), sockets),
                YamlProvisioningReader.read(root.child("provisioning")),
                tenancy(root.child("tenancy")),
                voice(root.child("voice")),
                recordings(root.child("recordings")), cluster(root.child("cluster"), storage),
                warmup(root.child("warmup")));
    }

    private static WarmupConfig warmup(ConfigNode n) {
        n.expectMapping("calls", "seconds", "concurrency");
        WarmupConfig d = WarmupConfig.DEFAULT;
        return new WarmupConfig(n.integer("calls", WarmupConfig.defaultCalls(), 0, 1_000_000),
                n.seconds("seconds", d.maxDuration(), 0, 600), n.integer("concurrency", d.concurrency(), 1, 256));
    }

    private static RecordingsConfig recordings(ConfigNode n) {
        n.expectMapping("dir", "retention_days", "min_free_mb");
        RecordingsConfig d = RecordingsConfig.DEFAULT;
        String dir = n.string("dir", d.dir().toString());
        Path path = d.dir();
        try {
            path = Path.of(dir);
        } catch (java.nio.file.InvalidPathException e) {
            n.problem("dir", dir, "a directory path");
        }
        if (dir.isBlank()) {
            n.problem("dir", dir, "a directory path");
        }
        return new RecordingsConfig(path,
                Duration.ofDays(n.integer("retention_days", (int) d.retention().toDays(), 0, 36_500)),
                n.integer("min_free_mb", (int) (d.minFreeBytes() / (1024 * 1024)), 0, 1_000_000) * 1024L * 1024);
    }

    private static ClusterConfig cluster(ConfigNode n, StorageConfig storage) {
        n.expectMapping("node_id", "shared_provisioning", "trusted_fronts");
        String nodeId = n.string("node_id", "");
        if (!nodeId.isEmpty() && !nodeId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            n.problem("node_id", "'" + nodeId + "'", "1-63 letters, digits, '.', '_' or '-' (empty: the host name)");
        }
        boolean shared = n.bool("shared_provisioning", false);
        if (shared && !storage.url().startsWith("jdbc:postgresql:")) {
            // H2 has no LISTEN/NOTIFY and is embedded in one process: other nodes could neither open
            // the file nor hear of a change, so each node would route on its own copy.
            n.problem("shared_provisioning", "true", "false with " + (storage.embedded() ? "the embedded H2 database"
                    : "storage.url '" + storage.url() + "'") + ": nodes share provisioning only through PostgreSQL"
                    + " (storage.url: jdbc:postgresql://...), H2 cannot be shared nor notify other nodes");
        }
        List<String> fronts = n.strings("trusted_fronts", ConfigLoader::ipLiteral);
        return new ClusterConfig(nodeId, shared, fronts);
    }

    /** Null when {@code s} is an IPv4 or IPv6 literal (never a name: nothing is resolved), else the expectation. */
    private static String ipLiteral(String s) {
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && java.util.Arrays.stream(s.split("\\.")).allMatch(o -> Integer.parseInt(o) <= 255);
        boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
        if (v4 || v6) {
            try {
                java.net.InetAddress.getByName(s);
                return null;
            } catch (java.net.UnknownHostException e) {
                return "an IP address";
            }
        }
        return "an IP address (not a host name)";
    }

    private static VoiceConfig voice(ConfigNode n) {
        n.expectMapping("webhook_allowed_hosts", "espeak_binary", "tts_threads", "tts_cache_entries",
                "audio_cache_entries", "callback_queue");
        VoiceConfig d = VoiceConfig.DEFAULT;
        List<String> hosts = n.strings("webhook_allowed_hosts", h -> h.matches("(\\*\\.)?[A-Za-z0-9.-]+")
                ? null : "a host name or *.domain");
        String espeak = n.string("espeak_binary", d.espeakBinary());
        if (espeak.isBlank()) {
            n.problem("espeak_binary", espeak, "the espeak-ng executable");
        }
        return new VoiceConfig(hosts, espeak,
                n.integer("tts_threads", d.ttsThreads(), 1, 64),
                n.integer("tts_cache_entries", d.ttsCacheEntries(), 0, 1_000_000),
                n.integer("audio_cache_entries", d.audioCacheEntries(), 0, 100_000),
                n.integer("callback_queue", d.callbackQueue(), 1, 1_000_000));
    }

    private static TenancyConfig tenancy(ConfigNode n) {
        n.expectMapping("deleted_call_retention_days", "allow_internal_targets", "api_auth_failures_before_block",
                "api_auth_block_seconds", "api_auth_backoff_ms", "api_auth_backoff_max_ms");
        TenancyConfig d = TenancyConfig.DEFAULT;
        Duration backoff = n.millis("api_auth_backoff_ms", d.apiAuthBackoff(), 0, 60_000);
        Duration backoffMax = n.millis("api_auth_backoff_max_ms", d.apiAuthBackoffMax(), 0, 3_600_000);
        if (backoffMax.compareTo(backoff) < 0) {
            n.problem("api_auth_backoff_max_ms", String.valueOf(backoffMax.toMillis()), "at least api_auth_backoff_ms ("
                    + backoff.toMillis() + ")");
        }
        return new TenancyConfig(
                Duration.ofDays(n.integer("deleted_call_retention_days", (int) d.deletedCallRetention().toDays(), 0,
                        36_500)),
                n.bool("allow_internal_targets", d.allowInternalTargets()),
                n.integer("api_auth_failures_before_block", d.apiAuthFailuresBeforeBlock(), 0, 1000),
                n.seconds("api_auth_block_seconds", d.apiAuthBlock(), 1, 86_400),
                backoff, backoffMax);
    }

    private static SipConfig sip(ConfigNode n, Sockets sockets) {
        n.expectMapping("listen", "advertised_host", "user_agent", "threads", "max_message_size", "security",
                "ack_timeout_seconds", "tls");
        List<ListenAddress> listen = new ArrayList<>();
        List<ConfigNode> items = n.list("listen");
        for (ConfigNode item : items) {
            if (!item.expectMapping("transport", "host", "port", "certificate", "private_key", "client_ca")) {
                item.problem("empty", "a listener with transport, host and port");
                continue;
            }
            Transport transport = item.enumValue("transport", Transport.class, Transport.UDP);
            String host = item.string("host", "127.0.0.1");
            Optional<ListenerTls> tls = Optional.empty();
            int port;
            if (transport == Transport.TLS) {
                port = item.integer("port", 5061, 0, 65535);
                tls = Optional.of(new ListenerTls(certificateFiles(item, "certificate", "private_key"),
                        caFile(item, "client_ca")));
            } else {
                port = item.requiredInteger("port", 0, 65535);
                for (String key : List.of("certificate", "private_key", "client_ca")) {
                    if (item.child(key).isPresent()) {
                        item.problem(key, item.string(key, ""), "only on a tls listener");
                    }
                }
            }
            listen.add(new ListenAddress(transport, host, port, tls));
            // TLS runs over TCP: a tls and a tcp listener cannot share a port.
            String protocol = transport == Transport.TLS ? "tcp" : ConfigNode.spelling(transport);
            sockets.claim(protocol, host, port, item.path(), item);
        }
        if (!n.child("listen").isPresent()) {
            listen.add(new ListenAddress(Transport.UDP, "127.0.0.1", 5060));
            listen.add(new ListenAddress(Transport.TCP, "127.0.0.1", 5060));
            sockets.claim("udp", "127.0.0.1", 5060, "sip.listen (default)", n);
            sockets.claim("tcp", "127.0.0.1", 5060, "sip.listen (default)", n);
        } else if (items.isEmpty()) {
            n.problem("listen", "an empty list", "at least one listener");
        }
        sameClientCa(items, listen);
        return new SipConfig(listen,
                n.string("advertised_host", ""),
                n.string("user_agent", "softswitch"),
                n.integer("threads", 8, 1, 512),
                n.integer("max_message_size", 65536, 1024, 1 << 20),
                sipSecurity(n.child("security")),
                n.seconds("ack_timeout_seconds", SipConfig.DEFAULT_ACK_TIMEOUT, 1, 32),
                sipTls(n.child("tls")));
    }

    /** The stack asks for client certificates on all its TLS listeners or on none. */
    private static void sameClientCa(List<ConfigNode> items, List<ListenAddress> listen) {
        Optional<Path> first = null;
        for (int i = 0; i < listen.size() && i < items.size(); i++) {
            Optional<ListenerTls> tls = listen.get(i).tls();
            if (tls.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = tls.get().clientCa();
            } else if (!first.equals(tls.get().clientCa())) {
                items.get(i).problem("client_ca", tls.get().clientCa().map(Path::toString).orElse("absent"),
                        "the same client_ca on every tls listener (" + first.map(Path::toString).orElse("none") + ")");
            }
        }
    }

    private static SipTlsConfig sipTls(ConfigNode n) {
        n.expectMapping("handshake_timeout_ms", "trusted_ca", "client_certificate", "client_private_key");
        return new SipTlsConfig(
                n.integer("handshake_timeout_ms", SipTlsConfig.DEFAULT_HANDSHAKE_TIMEOUT_MS, 100, 60_000),
                caFile(n, "trusted_ca"),
                certificateFiles(n, "client_certificate", "client_private_key"));
    }

    /** A certificate and key pair of keys, both or neither; both readable PEM that match. */
    private static Optional<CertificateFiles> certificateFiles(ConfigNode n, String certKey, String keyKey) {
        String cert = n.string(certKey, "");
        String key = n.string(keyKey, "");
        if (cert.isBlank() && key.isBlank()) {
            return Optional.empty();
        }
        if (cert.isBlank() || key.isBlank()) {
            String missing = cert.isBlank() ? certKey : keyKey;
            n.problem(missing, "missing", "both " + certKey + " and " + keyKey + " (PEM files), or neither");
            return Optional.empty();
        }
        try {
            PemIdentity.certificates(Path.of(cert));
        } catch (PemException | InvalidPathException e) {
            n.problem(certKey, cert, "a readable PEM certificate chain, leaf first (" + e.getMessage() + ")");
            return Optional.empty();
        }
        try {
            PemIdentity.privateKey(Path.of(key));
        } catch (PemException | InvalidPathException e) {
            n.problem(keyKey, key, "a readable, unencrypted PEM private key (" + e.getMessage() + ")");
            return Optional.empty();
        }
        try {
            PemIdentity.read(Path.of(cert), Path.of(key));
        } catch (PemException e) {
            n.problem(keyKey, key, "the private key of " + certKey + " " + cert);
            return Optional.empty();
        }
        return Optional.of(new CertificateFiles(Path.of(cert), Path.of(key)));
    }

    private static Optional<Path> caFile(ConfigNode n, String key) {
        String file = n.string(key, "");
        if (file.isBlank()) {
            return Optional.empty();
        }
        try {
            PemIdentity.certificates(Path.of(file));
        } catch (PemException | InvalidPathException e) {
            n.problem(key, file, "a readable PEM file of CA certificates (" + e.getMessage() + ")");
            return Optional.empty();
        }
        return Optional.of(Path.of(file));
    }

    private static SipSecurityConfig sipSecurity(ConfigNode n) {
        SipSecurityConfig d = SipSecurityConfig.DEFAULTS;
        n.expectMapping("validate_requests", "max_requests_per_source", "window_ms", "block_seconds",
                "rate_limit_action", "auth_failures_before_block", "auth_block_seconds", "drop_scanners",
                "scanner_user_agents", "max_tracked_sources", "auth_backoff_ms", "auth_backoff_max_ms");
        RateLimitAction action = n.enumValue("rate_limit_action", RateLimitAction.class, d.rateLimitAction());
        List<String> scanners = n.child("scanner_user_agents").isPresent()
                ? n.strings("scanner_user_agents", v -> v.isBlank() ? "a non-empty User-Agent substring" : null)
                : d.scannerUserAgents();
        Duration backoff = n.millis("auth_backoff_ms", d.authBackoff(), 0, 60_000);
        Duration backoffMax = n.millis("auth_backoff_max_ms",
                backoff.compareTo(d.authBackoffMax()) > 0 ? backoff : d.authBackoffMax(), 0, 3_600_000);
        if (backoffMax.compareTo(backoff) < 0) {
            n.problem("auth_backoff_max_ms", String.valueOf(backoffMax.toMillis()),
                    "at least auth_backoff_ms " + backoff.toMillis());
        }
        return SipSecurityConfig.builder()
                .validateRequests(n.bool("validate_requests", d.validateRequests()))
                .maxRequestsPerSource(n.integer("max_requests_per_source", d.maxRequestsPerSource(), 0, 1_000_000))
                .window(n.millis("window_ms", d.window(), 10, 3_600_000))
                .block(n.seconds("block_seconds", d.block(), 1, 86_400))
                .rateLimitAction(action)
                .authFailuresBeforeBlock(n.integer("auth_failures_before_block", d.authFailuresBeforeBlock(), 0, 1000))
                .authBlock(n.seconds("auth_block_seconds", d.authBlock(), 1, 86_400))
                .dropScanners(n.bool("drop_scanners", d.dropScanners()))
                .scannerUserAgents(scanners)
                .maxTrackedSources(n.integer("max_tracked_sources", d.maxTrackedSources(), 1, 10_000_000))
                .authBackoff(backoff)
                .authBackoffMax(backoffMax)
                .build();
    }

    private static HttpConfig http(ConfigNode n, Sockets sockets) {
        n.expectMapping("host", "port", "tls");
        HttpConfig http = new HttpConfig(n.string("host", "127.0.0.1"), n.integer("port", 8080, 0, 65535),
                httpTls(n.child("tls")));
        sockets.claim("tcp", http.host(), http.port(), "http", n.child("port"));
        return http;
    }

    /**
     * {@code http.tls}: HTTPS when present and {@code enabled} (default true), with {@code certificate}
     * and {@code private_key} or the self-signed default.
     */
    private static Optional<ListenerTls> httpTls(ConfigNode n) {
        if (!n.expectMapping("enabled", "certificate", "private_key")) {
            return Optional.empty();
        }
        Optional<CertificateFiles> identity = certificateFiles(n, "certificate", "private_key");
        if (!n.bool("enabled", true)) {
            return Optional.empty();
        }
        return Optional.of(new ListenerTls(identity, Optional.empty()));
    }

    private static MediaConfig media(ConfigNode n) {
        n.expectMapping("bind_address", "advertised_address", "port_min", "port_max", "rtp_timeout_seconds",
                "port_quarantine_ms", "event_loop_threads", "nat_latch_window_ms", "mode", "max_queue_delay_ms",
                "transport");
        String bind = n.string("bind_address", "127.0.0.1");
        int min = n.integer("port_min", 20000, 1024, 65534);
        int max = n.integer("port_max", 29999, 1025, 65535);
        if (min % 2 != 0) {
            n.problem("port_min", String.valueOf(min), "an even port (RTP takes the even port of each pair)");
        }
        if (max <= min) {
            n.problem("port_max", String.valueOf(max), "greater than port_min " + min);
        }
        return new MediaConfig(bind, n.string("advertised_address", bind), min, max,
                n.seconds("rtp_timeout_seconds", Duration.ofSeconds(60), 0, 86400),
                n.millis("port_quarantine_ms", Duration.ofMillis(2000), 0, 600_000),
                n.integer("event_loop_threads", 0, 0, 256),
                n.millis("nat_latch_window_ms", Duration.ofMillis(10_000), 0, 3_600_000),
                n.enumValue("mode", MediaMode.class, MediaMode.RELAY),
                n.millis("max_queue_delay_ms", Duration.ofMillis(50), 0, 60_000),
                n.enumValue("transport", RelayTransport.class, RelayTransport.JDK));
    }

    private static CallsConfig calls(ConfigNode n) {
        n.expectMapping("max_calls", "threads", "max_backlog", "drain_seconds", "max_queue_delay_ms", "warmup_seconds",
                "warmup_max_queue_delay_ms", "retry_after");
        return new CallsConfig(n.integer("max_calls", 20_000, 1, 1_000_000), n.integer("threads", 0, 0, 256),
                n.integer("max_backlog", 5_000, 10, 1_000_000),
                Duration.ofSeconds(n.integer("drain_seconds", 10, 0, 3600)),
                Duration.ofMillis(n.integer("max_queue_delay_ms", 200, 0, 60_000)),
                Duration.ofSeconds(n.integer("warmup_seconds", 30, 0, 3600)),
                Duration.ofMillis(n.integer("warmup_max_queue_delay_ms", 2_000, 0, 60_000)),
                retryAfter(n.child("retry_after")));
    }

    private static RetryAfterConfig retryAfter(ConfigNode n) {
        n.expectMapping("overloaded_seconds", "draining_seconds", "unavailable_seconds");
        RetryAfterConfig d = RetryAfterConfig.DEFAULTS;
        return new RetryAfterConfig(n.seconds("overloaded_seconds", d.overloaded(), 0, 86_400),
                n.seconds("draining_seconds", d.draining(), 0, 86_400),
                n.seconds("unavailable_seconds", d.unavailable(), 0, 86_400));
    }

    private static StorageConfig storage(ConfigNode n) {
        n.expectMapping("url", "username", "password", "pool_size");
        String url = n.string("url", "");
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            n.problem("url", "'" + url + "'", "empty (embedded H2), jdbc:postgresql://... or jdbc:h2:...");
        }
        return new StorageConfig(url, n.string("username", ""), n.string("password", ""),
                n.integer("pool_size", 8, 1, 256));
    }

    private static RedisConfig redis(ConfigNode n) {
        n.expectMapping("url", "cluster", "command_timeout_ms", "connect_timeout_ms", "lease_seconds");
        String url = n.string("url", "");
        if (!url.isEmpty() && !redisUrl(url)) {
            n.problem("url", "'" + url + "'", "empty (limits in memory), redis://host[:port][/db] or rediss://... (TLS)");
        }
        return new RedisConfig(url, n.bool("cluster", false),
                n.millis("command_timeout_ms", RedisConfig.DEFAULT_COMMAND_TIMEOUT, 1, 10_000),
                n.millis("connect_timeout_ms", RedisConfig.DEFAULT_CONNECT_TIMEOUT, 10, 60_000),
                n.seconds("lease_seconds", RedisConfig.DEFAULT_LEASE, 3, 3600));
    }

    private static boolean redisUrl(String url) {
        try {
            java.net.URI u = new java.net.URI(url);
            return ("redis".equals(u.getScheme()) || "rediss".equals(u.getScheme()))
                    && u.getHost() != null && !u.getHost().isEmpty() && u.getPort() <= 65535
                    && (u.getPath() == null || u.getPath().isEmpty() || u.getPath().matches("/\\d{1,2}"));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static SimulatorConfig simulator(ConfigNode n, Sockets sockets) {
        n.expectMapping("enabled", "host", "port", "rules");
        List<SimulatorRule> rules = new ArrayList<>();
        for (ConfigNode r : n.list("rules")) {
            r.expectMapping("prefix", "suffix", "answer", "early_media", "ring_ms", "hold_ms", "media",
                    "failure_ratio");
            String prefix = r.string("prefix", "");
            String suffix = r.string("suffix", "");
            if (!prefix.matches("\\+?[0-9]*")) {
                r.problem("prefix", "'" + prefix + "'", "digits, optionally after '+'");
            }
            if (!suffix.matches("[0-9]*")) {
                r.problem("suffix", "'" + suffix + "'", "digits");
            }
            int answer = r.integer("answer", 200, 0, 699);
            if (answer != 0 && answer < 200) {
                r.problem("answer", String.valueOf(answer), "0 (no answer) or a final code 200-699");
            }
            rules.add(new SimulatorRule(prefix, suffix, answer, r.bool("early_media", false),
                    r.millis("ring_ms", Duration.ZERO, 0, 3_600_000), r.millis("hold_ms", Duration.ZERO, 0, 86_400_000),
                    r.enumValue("media", SimulatorRule.Media.class, SimulatorRule.Media.ECHO),
                    r.decimal("failure_ratio", 0.0, 0.0, 1.0)));
        }
        SimulatorConfig simulator = new SimulatorConfig(n.bool("enabled", true), n.string("host", "127.0.0.1"),
                n.integer("port", 5090, 0, 65535), rules);
        if (simulator.enabled()) {
            if (sockets.claim("udp", simulator.host(), simulator.port(), "simulator", n.child("port"))) {
                sockets.claim("tcp", simulator.host(), simulator.port(), "simulator", n.child("port"));
            }
        }
        return simulator;
    }

    private static ConfigException single(String file, String value, String expected) {
        return new ConfigException(List.of(new ConfigProblem(file, 0, "", value, expected)));
    }

    /** Reads {@code provisioning:}; kept apart because it grows with the provisioning model. */
    static final class YamlProvisioningReader {
        private YamlProvisioningReader() {
        }

        static Provisioning read(ConfigNode n) {
            return io.softswitch.config.internal.YamlProvisioningReader.read(n);
        }
    }
}
