package io.softswitch.trunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailoverPolicyTest {

    @ParameterizedTest
    @ValueSource(ints = {200, 202, 299, 400, 404, 405, 410, 416, 482, 484, 486, 600, 603, 699})
    void defaultStopsOnSuccessAndCalleeAnswers(int status) {
        assertThat(FailoverPolicy.DEFAULT.isFinal(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 180, 183, 401, 403, 407, 408, 480, 487, 488, 500, 502, 503, 504})
    void defaultFailsOverOnEverythingElse(int status) {
        assertThat(FailoverPolicy.DEFAULT.isFinal(status)).isFalse();
    }

    @Test
    void failsOverOn503ButNotOn486() {
        assertThat(FailoverPolicy.DEFAULT.isFinal(503)).isFalse();
        assertThat(FailoverPolicy.DEFAULT.isFinal(486)).isTrue();
        assertThat(FailoverPolicy.DEFAULT.attemptTimeoutMs()).isEqualTo(4000);
    }

    @Test
    void customListReplacesTheDefault() {
        FailoverPolicy p = FailoverPolicy.of(List.of("2xx", "486"), 2500);
        assertThat(p.isFinal(404)).isFalse();
        assertThat(p.isFinal(486)).isTrue();
        assertThat(p.isFinal(603)).isFalse();
        assertThat(p.attemptTimeoutMs()).isEqualTo(2500);
    }

    @Test
    void badEntriesAreRefused() {
        assertThatThrownBy(() -> FailoverPolicy.of(List.of("7xx"), 4000))
                .hasMessage("final code: '7xx' (expected: a response code 200-699 or a class 2xx-6xx)");
        assertThatThrownBy(() -> FailoverPolicy.of(List.of("2xx"), 0))
                .hasMessage("attemptTimeoutMs: 0 (expected: 1 or more)");
    }
}
