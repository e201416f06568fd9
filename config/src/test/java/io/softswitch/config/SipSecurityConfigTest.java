package io.softswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sip.security}: defaults, the documented reference file, and precise errors. */
class SipSecurityConfigTest {
    private final ConfigLoader loader = new ConfigLoader(name -> null);

    @Test
    void absentBlockMeansTheDocumentedDefaults() throws Exception {
        assertThat(loader.parse("t.yaml", "sip: {}").sip().security()).isEqualTo(SipSecurityConfig.DEFAULTS);
    }

    @Test
    void referenceFileStatesTheDefaults() throws Exception {
        assertThat(loader.load(Path.of("softswitch.yaml")).sip().security()).isEqualTo(SipSecurityConfig.DEFAULTS);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        SipSecurityConfig s = loader.parse("t.yaml", """
                sip:
                  security:
                    validate_requests: false
                    max_requests_per_source: 0
                    window_ms: 2000
                    block_seconds: 5
                    rate_limit_action: reject
                    auth_failures_before_block: 3
                    auth_block_seconds: 7
                    drop_scanners: false
                    scanner_user_agents: [evil-scanner]
                    max_tracked_sources: 10
                    auth_backoff_ms: 250
                    auth_backoff_max_ms: 4000
                """).sip().security();
        assertThat(s).isEqualTo(SipSecurityConfig.builder()
                .validateRequests(false)
                .maxRequestsPerSource(0)
                .window(Duration.ofMillis(2000))
                .block(Duration.ofSeconds(5))
                .rateLimitAction(RateLimitAction.REJECT)
                .authFailuresBeforeBlock(3)
                .authBlock(Duration.ofSeconds(7))
                .dropScanners(false)
                .scannerUserAgents(List.of("evil-scanner"))
                .maxTrackedSources(10)
                .authBackoff(Duration.ofMillis(250))
                .authBackoffMax(Duration.ofMillis(4000))
                .build());
    }

    @Test
    void theBuilderStartsFromTheDefaultsAndChangesOnlyWhatIsSet() {
        SipSecurityConfig s = SipSecurityConfig.builder().block(Duration.ofSeconds(5)).build();
        assertThat(s.block()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.toBuilder().block(SipSecurityConfig.DEFAULTS.block()).build()).isEqualTo(SipSecurityConfig.DEFAULTS);
        assertThat(SipSecurityConfig.builder().build()).isEqualTo(SipSecurityConfig.DEFAULTS);
    }

    @Test
    void badValuesAreReportedWithLineAndPath() {
        assertThatThrownBy(() -> loader.parse("t.yaml", """
                sip:
                  security:
                    rate_limit_action: tarpit
                    window_ms: 0
                    scanner_user_agents: [""]
                    bogus: 1
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                e.problems().stream().map(ConfigProblem::toString).toList()).containsExactlyInAnyOrder(
                        "t.yaml:3: sip.security.rate_limit_action: 'tarpit' (expected: one of drop, reject)",
                        "t.yaml:4: sip.security.window_ms: 0 (expected: 10-3600000)",
                        "t.yaml:5: sip.security.scanner_user_agents[0]: '' (expected: a non-empty User-Agent substring)",
                        "t.yaml:6: sip.security.bogus: unknown key 'bogus' (expected: one of auth_backoff_max_ms, "
                                + "auth_backoff_ms, auth_block_seconds, auth_failures_before_block, block_seconds, drop_scanners, max_requests_per_source, "
                                + "max_tracked_sources, rate_limit_action, scanner_user_agents, validate_requests, "
                                + "window_ms)"));
    }

    @Test
    void backoffCapBelowItsBaseIsReported() {
        assertThatThrownBy(() -> loader.parse("t.yaml", """
                sip:
                  security:
                    auth_backoff_ms: 2000
                    auth_backoff_max_ms: 1000
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                e.problems().stream().map(ConfigProblem::toString).toList()).containsExactly(
                        "t.yaml:4: sip.security.auth_backoff_max_ms: 1000 (expected: at least auth_backoff_ms 2000)"));
    }

    @Test
    void backoffOutOfRangeIsReported() {
        assertThatThrownBy(() -> loader.parse("t.yaml", """
                sip:
                  security:
                    auth_backoff_ms: -1
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                e.problems().stream().map(ConfigProblem::toString).toList()).containsExactly(
                        "t.yaml:3: sip.security.auth_backoff_ms: -1 (expected: 0-60000)"));
    }

    @Test
    void backoffCapDefaultsToAtLeastTheBase() throws Exception {
        SipSecurityConfig s = loader.parse("t.yaml", "sip: {security: {auth_backoff_ms: 30000}}").sip().security();
        assertThat(s.authBackoffMax()).isEqualTo(Duration.ofMillis(30000));
        assertThat(loader.parse("t.yaml", "sip: {security: {auth_backoff_ms: 0}}").sip().security().authBackoff())
                .isZero();
    }
}
