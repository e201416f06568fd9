package io.softswitch.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.CallsConfig;
import io.softswitch.config.ConfigLoader;
import io.softswitch.config.RateLimitAction;
import io.softswitch.config.SipSecurityConfig;
import io.softswitch.core.call.RetryAfter;
import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipSecurity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The config file's values reach the modules' settings. */
class ModuleSettingsTest {

    @Test
    void retryAfterSettingsReachTheEngineAndTheStatelessShedder() throws Exception {
        CallsConfig calls = new ConfigLoader(name -> null).parse("r.yaml", """
                calls:
                  retry_after: {overloaded_seconds: 3, draining_seconds: 30, unavailable_seconds: 7}
                """).calls();
        assertThat(ModuleSettings.retryAfter(calls))
                .isEqualTo(new RetryAfter(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofSeconds(7)));
        assertThat(ModuleSettings.overloadLimit(calls).retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void theDefaultRetryAftersAreTheModulesOwnDefaults() throws Exception {
        CallsConfig calls = new ConfigLoader(name -> null).parse("e.yaml", "").calls();
        assertThat(ModuleSettings.retryAfter(calls)).isEqualTo(RetryAfter.DEFAULT);
        assertThat(ModuleSettings.overloadLimit(calls).retryAfterSeconds())
                .isEqualTo(OverloadLimit.DEFAULT_RETRY_AFTER_SECONDS);
    }

    @Test
    void sipSecurityDefaultsAreTheStacksDefaultsAndEverySettingIsCarried() {
        assertThat(ModuleSettings.security(SipSecurityConfig.DEFAULTS)).isEqualTo(SipSecurity.DEFAULTS);
        SipSecurity s = ModuleSettings.security(SipSecurityConfig.builder()
                .window(Duration.ofMillis(2000)).block(Duration.ofSeconds(5)).rateLimitAction(RateLimitAction.REJECT)
                .authBlock(Duration.ofSeconds(7)).authBackoff(Duration.ofMillis(250))
                .authBackoffMax(Duration.ofMillis(4000)).build());
        assertThat(s).isEqualTo(new SipSecurity(true, 20_000, Duration.ofMillis(2000), Duration.ofSeconds(5), true, 5,
                Duration.ofSeconds(7), true, SipSecurity.KNOWN_SCANNERS, 100_000, Duration.ofMillis(250),
                Duration.ofMillis(4000)));
    }
}
