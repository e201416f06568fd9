package io.softswitch.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SipStatusTest {

    @Test
    void registeredCodesAreTheirConstants() {
        assertThat(SipStatus.valueOf(503)).isSameAs(SipStatus.SERVICE_UNAVAILABLE);
        assertThat(SipStatus.valueOf(487, "Request Terminated")).isSameAs(SipStatus.REQUEST_TERMINATED);
        assertThat(SipStatus.BUSY_HERE).hasToString("486 Busy Here");
    }

    @Test
    void aCustomReasonPhraseKeepsTheCodeAndItsEquality() {
        SipStatus cps = SipStatus.SERVICE_UNAVAILABLE.withReason("Trunk CPS limit exceeded");
        assertThat(cps).hasToString("503 Trunk CPS limit exceeded").isEqualTo(SipStatus.SERVICE_UNAVAILABLE);
        assertThat(cps.code()).isEqualTo(503);
        assertThat(cps.hashCode()).isEqualTo(SipStatus.SERVICE_UNAVAILABLE.hashCode());
    }

    @Test
    void anUnregisteredCodeGetsItsClassAndAPhrase() {
        SipStatus s = SipStatus.valueOf(499);
        assertThat(s.codeClass()).isEqualTo(SipStatus.CodeClass.CLIENT_ERROR);
        assertThat(s.reasonPhrase()).isEqualTo("Client Error");
        assertThat(SipStatus.valueOf(199).isProvisional()).isTrue();
        assertThat(SipStatus.valueOf(299).isSuccess()).isTrue();
        assertThat(SipStatus.valueOf(699).codeClass()).isEqualTo(SipStatus.CodeClass.GLOBAL_FAILURE);
        assertThat(SipStatus.TRYING.isFinal()).isFalse();
        assertThat(SipStatus.OK.isFinal()).isTrue();
    }

    @Test
    void codesOutsideTheGrammarAndControlCharactersInPhrasesAreRefused() {
        assertThatThrownBy(() -> SipStatus.valueOf(99)).hasMessage("code: 99 (expected: 100-699)");
        assertThatThrownBy(() -> SipStatus.valueOf(700)).hasMessage("code: 700 (expected: 100-699)");
        assertThatThrownBy(() -> SipStatus.OK.withReason("OK\r\nVia: x"))
                .hasMessage("reasonPhrase: 'OK\\r\\nVia: x' (expected: no control characters but tab)");
    }
}
