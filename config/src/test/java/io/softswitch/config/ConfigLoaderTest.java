package io.softswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader(Map.of("DB_PASSWORD", "s3cret")::get);

    @Test
    void bundledReferenceConfigLoadsWithDocumentedDefaults() throws Exception {
        SoftswitchConfig c = new ConfigLoader(name -> null).load(Path.of("softswitch.yaml"));
        assertThat(c.sip().listen()).containsExactly(
                new ListenAddress(Transport.UDP, "127.0.0.1", 5060),
                new ListenAddress(Transport.TCP, "127.0.0.1", 5060),
                new ListenAddress(Transport.TLS, "127.0.0.1", 5061));
        assertThat(c.sip().tls()).isEqualTo(SipTlsConfig.DEFAULTS);
        assertThat(c.http()).isEqualTo(new HttpConfig("127.0.0.1", 8080));
        assertThat(c.storage().embedded()).isTrue();
        assertThat(c.redis().enabled()).isFalse();
        assertThat(c.media().portMin()).isEqualTo(20000);
        assertThat(c.media().mode()).isEqualTo(MediaMode.RELAY);
    }

    @Test
    void mediaModeBypassIsReadAndAnUnknownModeListsTheChoices() throws Exception {
        assertThat(loader.parse("m.yaml", "media:\n  mode: bypass\n").media().mode()).isEqualTo(MediaMode.BYPASS);
        assertProblems("""
                media:
                  mode: direct
                """,
                "t.yaml:2: media.mode: 'direct' (expected: one of relay, bypass)");
    }

    @Test
    void mediaTransportDefaultsToJdkAndAnUnknownOneListsTheChoices() throws Exception {
        assertThat(loader.parse("m.yaml", "").media().transport()).isEqualTo(RelayTransport.JDK);
        assertThat(loader.parse("m.yaml", "media:\n  transport: epoll\n").media().transport())
                .isEqualTo(RelayTransport.EPOLL);
        assertProblems("""
                media:
                  transport: dpdk
                """,
                "t.yaml:2: media.transport: 'dpdk' (expected: one of jdk, epoll, nio)");
    }

    @Test
    void builtInWarmUpKeysAreReadAndRangeCheckedAndTheReferenceDocumentsTheDefaults() throws Exception {
        WarmupConfig w = loader.parse("w.yaml", "warmup:\n  calls: 500\n  seconds: 5\n  concurrency: 2\n").warmup();
        assertThat(w).isEqualTo(new WarmupConfig(500, java.time.Duration.ofSeconds(5), 2));
        assertThat(loader.parse("w.yaml", "warmup:\n  calls: 0\n").warmup().enabled()).isFalse();
        // The default of calls is the JVM property's when set (the suite sets 0), else 6000.
        assertThat(loader.parse("w.yaml", "").warmup().calls()).isEqualTo(WarmupConfig.defaultCalls());
        WarmupConfig reference = new ConfigLoader(name -> null).load(Path.of("softswitch.yaml")).warmup();
        assertThat(reference).isEqualTo(WarmupConfig.DEFAULT);
        assertProblems("""
                warmup:
                  seconds: 601
                  concurrency: 0
                  rounds: 3
                """,
                "t.yaml:4: warmup.rounds: unknown key 'rounds' (expected: one of calls, concurrency, seconds)",
                "t.yaml:2: warmup.seconds: 601 (expected: 0-600)",
                "t.yaml:3: warmup.concurrency: 0 (expected: 1-256)");
    }

    @Test
    void overloadWarmUpHasDocumentedDefaultsAndIsRangeChecked() throws Exception {
        CallsConfig d = new ConfigLoader(name -> null).load(Path.of("softswitch.yaml")).calls();
        assertThat(List.of(d.maxQueueDelay(), d.warmup(), d.warmupMaxQueueDelay()))
                .containsExactly(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(2000));
        assertThat(d.drain()).isEqualTo(Duration.ofSeconds(10));
        assertThat(loader.parse("e.yaml", "").calls()).isEqualTo(d);
        CallsConfig c = loader.parse("c.yaml", "calls:\n  warmup_seconds: 0\n  warmup_max_queue_delay_ms: 500\n").calls();
        assertThat(List.of(c.warmup(), c.warmupMaxQueueDelay())).containsExactly(Duration.ZERO, Duration.ofMillis(500));
        assertProblems("""
                calls:
                  warmup_seconds: -1
                  warmup_max_queue_delay_ms: 70000
                """,
                "t.yaml:2: calls.warmup_seconds: -1 (expected: 0-3600)",
                "t.yaml:3: calls.warmup_max_queue_delay_ms: 70000 (expected: 0-60000)");
    }

    @Test
    void retryAfterOfEachRefusalHasDocumentedDefaultsAndIsRangeChecked() throws Exception {
        RetryAfterConfig d = new ConfigLoader(name -> null).load(Path.of("softswitch.yaml")).calls().retryAfter();
        assertThat(d).isEqualTo(new RetryAfterConfig(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .isEqualTo(RetryAfterConfig.DEFAULTS)
                .isEqualTo(loader.parse("e.yaml", "").calls().retryAfter());
        RetryAfterConfig c = loader.parse("r.yaml", """
                calls:
                  retry_after:
                    overloaded_seconds: 3
                    draining_seconds: 30
                    unavailable_seconds: 0
                """).calls().retryAfter();
        assertThat(c).isEqualTo(new RetryAfterConfig(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ZERO));
        assertProblems("""
                calls:
                  retry_after:
                    overloaded_seconds: -1
                    draining_seconds: 90000
                    later_seconds: 1
                """,
                "t.yaml:3: calls.retry_after.overloaded_seconds: -1 (expected: 0-86400)",
                "t.yaml:4: calls.retry_after.draining_seconds: 90000 (expected: 0-86400)",
                "t.yaml:5: calls.retry_after.later_seconds: unknown key 'later_seconds' (expected: one of "
                        + "draining_seconds, overloaded_seconds, unavailable_seconds)");
    }

    @Test
    void durationsKeepTheirKeysAndUnits() throws Exception {
        SoftswitchConfig d = loader.parse("e.yaml", "");
        assertThat(List.of(d.media().rtpTimeout(), d.media().portQuarantine(), d.media().natLatchWindow(),
                d.media().maxQueueDelay()))
                .containsExactly(Duration.ofSeconds(60), Duration.ofMillis(2000), Duration.ofMillis(10_000),
                        Duration.ofMillis(50));
        SoftswitchConfig c = loader.parse("d.yaml", """
                media:
                  rtp_timeout_seconds: 30
                  port_quarantine_ms: 500
                  nat_latch_window_ms: 1500
                  max_queue_delay_ms: 0
                simulator:
                  rules:
                    - prefix: "1"
                      ring_ms: 250
                      hold_ms: 3000
                    - prefix: "2"
                """);
        assertThat(List.of(c.media().rtpTimeout(), c.media().portQuarantine(), c.media().natLatchWindow(),
                c.media().maxQueueDelay()))
                .containsExactly(Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ZERO);
        SimulatorRule timed = c.simulator().rules().get(0);
        assertThat(List.of(timed.ring(), timed.hold())).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(3));
        SimulatorRule untimed = c.simulator().rules().get(1);
        assertThat(List.of(untimed.ring(), untimed.hold())).containsExactly(Duration.ZERO, Duration.ZERO);
        assertProblems("""
                media:
                  port_quarantine_ms: 600001
                simulator:
                  rules:
                    - ring_ms: -5
                """,
                "t.yaml:2: media.port_quarantine_ms: 600001 (expected: 0-600000)",
                "t.yaml:5: simulator.rules[0].ring_ms: -5 (expected: 0-3600000)");
    }

    @Test
    void tenancyDurationsKeepTheirKeysAndUnits() throws Exception {
        TenancyConfig d = new ConfigLoader(name -> null).load(Path.of("softswitch.yaml")).tenancy();
        assertThat(d).isEqualTo(TenancyConfig.DEFAULT).isEqualTo(loader.parse("e.yaml", "").tenancy());
        assertThat(List.of(d.deletedCallRetention(), d.apiAuthBlock(), d.apiAuthBackoff(), d.apiAuthBackoffMax()))
                .containsExactly(Duration.ofDays(90), Duration.ofSeconds(300), Duration.ofMillis(100),
                        Duration.ofMillis(5000));
        TenancyConfig t = loader.parse("t.yaml", """
                tenancy:
                  deleted_call_retention_days: 7
                  api_auth_block_seconds: 60
                  api_auth_backoff_ms: 250
                  api_auth_backoff_max_ms: 2000
                """).tenancy();
        assertThat(List.of(t.deletedCallRetention(), t.apiAuthBlock(), t.apiAuthBackoff(), t.apiAuthBackoffMax()))
                .containsExactly(Duration.ofDays(7), Duration.ofSeconds(60), Duration.ofMillis(250),
                        Duration.ofMillis(2000));
        assertProblems("""
                tenancy:
                  api_auth_backoff_ms: 3000
                  api_auth_backoff_max_ms: 2000
                """,
                "t.yaml:3: tenancy.api_auth_backoff_max_ms: 2000 (expected: at least api_auth_backoff_ms (3000))");
    }

    @Test
    void recordingsKeysHaveDocumentedDefaultsAndBounds() throws Exception {
        RecordingsConfig d = new ConfigLoader(name -> null).load(Path.of("softswitch.yaml")).recordings();
        assertThat(d).isEqualTo(RecordingsConfig.DEFAULT).isEqualTo(loader.parse("e.yaml", "").recordings());
        assertThat(d.dir()).isEqualTo(Path.of("recordings"));
        RecordingsConfig r = loader.parse("r.yaml", """
                recordings:
                  dir: /var/lib/softswitch/rec
                  retention_days: 30
                  min_free_mb: 0
                """).recordings();
        assertThat(r).isEqualTo(new RecordingsConfig(Path.of("/var/lib/softswitch/rec"), Duration.ofDays(30), 0));
        assertProblems("""
                recordings:
                  retention_days: -1
                """, "t.yaml:2: recordings.retention_days: -1 (expected: 0-36500)");
    }

    @Test
    void ackTimeoutDefaultsToEightSecondsAndIsBoundedByRfc3261() throws Exception {
        assertThat(new ConfigLoader(name -> null).load(Path.of("softswitch.yaml")).sip().ackTimeout())
                .isEqualTo(Duration.ofSeconds(8));
        assertThat(loader.parse("e.yaml", "").sip().ackTimeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(loader.parse("a.yaml", "sip:\n  ack_timeout_seconds: 32\n").sip().ackTimeout())
                .isEqualTo(Duration.ofSeconds(32));
        assertProblems("""
                sip:
                  ack_timeout_seconds: 64
                """,
                "t.yaml:2: sip.ack_timeout_seconds: 64 (expected: 1-32)");
    }

    @Test
    void emptyDocumentMeansAllDefaults() throws Exception {
        SoftswitchConfig c = loader.parse("empty.yaml", "");
        assertThat(c.sip().listen()).hasSize(2);
        assertThat(c.http().port()).isEqualTo(8080);
    }

    @Test
    void unknownKeyIsReportedWithLineAndPath() {
        assertProblems("""
                sip:
                  listen:
                    - transport: udp
                      port: 5060
                  colour: blue
                """,
                "t.yaml:5: sip.colour: unknown key 'colour' (expected: one of ack_timeout_seconds, advertised_host, "
                        + "listen, max_message_size, security, threads, tls, user_agent)");
    }

    @Test
    void wrongTypeIsReported() {
        assertProblems("""
                http:
                  port: eighty
                """,
                "t.yaml:2: http.port: 'eighty' (expected: an integer 0-65535)");
    }

    @Test
    void outOfRangePortIsReportedWithListIndex() {
        assertProblems("""
                sip:
                  listen:
                    - transport: udp
                      port: 5060
                    - transport: tcp
                      port: 70000
                """,
                "t.yaml:6: sip.listen[1].port: 70000 (expected: 0-65535)");
    }

    @Test
    void missingRequiredKeyIsReported() {
        assertProblems("""
                sip:
                  listen:
                    - transport: udp
                      host: 127.0.0.1
                """,
                "t.yaml:3: sip.listen[0].port: missing (expected: a value for required key 'port' (0-65535))");
    }

    @Test
    void unknownEnumValueListsTheChoices() {
        assertProblems("""
                sip:
                  listen:
                    - transport: sctp
                      port: 5060
                """,
                "t.yaml:3: sip.listen[0].transport: 'sctp' (expected: one of udp, tcp, tls)");
    }

    @Test
    void voiceKeysDefaultAsTheReferenceFileSaysAndBadHostsAreProblems() throws Exception {
        assertThat(new ConfigLoader(name -> null).load(Path.of("softswitch.yaml")).voice()).isEqualTo(VoiceConfig.DEFAULT);
        VoiceConfig v = loader.parse("t.yaml", """
                voice:
                  webhook_allowed_hosts: [ivr.example.com, "*.apps.example.com"]
                  tts_threads: 4
                """).voice();
        assertThat(v.webhookAllowedHosts()).containsExactly("ivr.example.com", "*.apps.example.com");
        assertThat(v.ttsThreads()).isEqualTo(4);
        assertProblems("""
                voice:
                  webhook_allowed_hosts: ["http://x/"]
                """, "t.yaml:2: voice.webhook_allowed_hosts[0]: 'http://x/' (expected: a host name or *.domain)");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        assertProblems("""
                http:
                  port: -1
                media:
                  port_min: 20001
                bogus: 1
                """,
                "t.yaml:5: bogus: unknown key 'bogus' (expected: one of calls, cluster, http, media, provisioning, recordings, redis, simulator, sip, storage, tenancy, voice, warmup)",
                "t.yaml:2: http.port: -1 (expected: 0-65535)",
                "t.yaml:4: media.port_min: 20001 (expected: an even port (RTP takes the even port of each pair))");
    }

    @Test
    void secretsComeFromTheEnvironment() throws Exception {
        SoftswitchConfig c = loader.parse("t.yaml", """
                storage:
                  url: jdbc:postgresql://127.0.0.1:5432/test
                  password: ${DB_PASSWORD}
                  username: ${DB_USER:-softswitch}
                """);
        assertThat(c.storage().password()).isEqualTo("s3cret");
        assertThat(c.storage().username()).isEqualTo("softswitch");
        assertThat(c.storage().toString()).doesNotContain("s3cret");
    }

    @Test
    void unsetEnvironmentVariableIsAnError() {
        assertProblems("""
                redis:
                  url: ${NO_SUCH_VAR}
                """,
                "t.yaml:2: redis.url: ${NO_SUCH_VAR} (expected: environment variable NO_SUCH_VAR to be set)");
    }

    @Test
    void yamlSyntaxErrorGivesTheLine() {
        assertThatThrownBy(() -> loader.parse("t.yaml", "sip:\n  listen: [\n  http: {"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).toString()).startsWith("t.yaml:").contains("YAML syntax error");
                });
    }

    @Test
    void duplicateKeyIsReported() {
        assertProblems("""
                http:
                  port: 8080
                  port: 8081
                """,
                "t.yaml:3: http.port: duplicate key 'port' (expected: each key once)");
    }

    @Test
    void unreadableFileIsAProblemNotACrash() {
        assertThatThrownBy(() -> loader.load(Path.of("does-not-exist.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does-not-exist.yaml: (document): cannot read");
    }

    @Test
    void aRedisUrlIsReadWithItsTimeoutsAndLease() throws Exception {
        RedisConfig r = loader.parse("r.yaml", """
                redis:
                  url: rediss://user:secret@127.0.0.1:6380/2
                  command_timeout_ms: 50
                  lease_seconds: 20
                """).redis();
        assertThat(r.enabled()).isTrue();
        assertThat(r.cluster()).isFalse();
        assertThat(r.commandTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(r.connectTimeout()).isEqualTo(RedisConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(r.lease()).isEqualTo(Duration.ofSeconds(20));
        assertThat(r.redactedUrl()).isEqualTo("rediss://***@127.0.0.1:6380/2");
    }

    @Test
    void aRedisUrlAloneGetsTheDocumentedDefaultsATenSecondLeaseAndAHundredMillisecondWait() throws Exception {
        RedisConfig r = loader.parse("r.yaml", """
                redis:
                  url: redis://127.0.0.1:6379
                """).redis();
        // Issue 17: a killed node's permits return within a lease period, 10 s by default.
        assertThat(r.lease()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.commandTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(r.connectTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(r.cluster()).isFalse();
        RedisConfig reference = new ConfigLoader(name -> null).load(Path.of("softswitch.yaml")).redis();
        assertThat(reference).as("the reference config documents the defaults, Redis off")
                .isEqualTo(new RedisConfig("", false, r.commandTimeout(), r.connectTimeout(), r.lease()));
    }

    @Test
    void aRedisUrlOfAnotherSchemeOrABadLeaseIsRefusedWithItsLine() {
        assertProblems("""
                redis:
                  url: http://127.0.0.1:6379
                  lease_seconds: 1
                """,
                "t.yaml:2: redis.url: 'http://127.0.0.1:6379' (expected: empty (limits in memory), "
                        + "redis://host[:port][/db] or rediss://... (TLS))",
                "t.yaml:3: redis.lease_seconds: 1 (expected: 3-3600)");
    }

    @Test
    void twoSipListenersOnOneSocketAreRefusedWhereTheSecondIsDeclared() {
        assertProblems("""
                sip:
                  listen:
                    - transport: udp
                      host: 0.0.0.0
                      port: 5060
                    - transport: tcp
                      port: 5060
                    - transport: udp
                      host: 127.0.0.1
                      port: 5060
                """,
                "t.yaml:8: sip.listen[2]: udp 127.0.0.1:5060 (expected: a port no other listener uses "
                        + "(sip.listen[0] listens on udp 0.0.0.0:5060))");
    }

    @Test
    void theSimulatorOnTheSipPortIsRefused() {
        assertProblems("""
                simulator:
                  port: 5060
                """,
                "t.yaml:2: simulator.port: udp 127.0.0.1:5060 (expected: a port no other listener uses "
                        + "(sip.listen (default) listens on udp 127.0.0.1:5060))");
    }

    @Test
    void httpOnTheSipTcpPortIsRefusedButUdpAndTcpMayShareANumber() throws Exception {
        assertProblems("""
                sip:
                  listen:
                    - transport: udp
                      port: 5070
                    - transport: tcp
                      port: 5070
                http:
                  port: 5070
                """,
                "t.yaml:8: http.port: tcp 127.0.0.1:5070 (expected: a port no other listener uses "
                        + "(sip.listen[1] listens on tcp 127.0.0.1:5070))");
        assertThat(loader.parse("ok.yaml", """
                sip:
                  listen:
                    - transport: udp
                      port: 5070
                    - transport: tcp
                      host: 127.0.0.2
                      port: 5070
                http:
                  host: 127.0.0.3
                  port: 5070
                simulator:
                  enabled: false
                  port: 5070
                """).http().port()).isEqualTo(5070);
    }

    private void assertProblems(String yaml, String... expected) {
        assertThatThrownBy(() -> loader.parse("t.yaml", yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                        e.problems().stream().map(ConfigProblem::toString).toList())
                        .containsExactlyInAnyOrderElementsOf(List.of(expected)));
    }
}
