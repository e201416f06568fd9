package io.softswitch.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.sip.SipEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SIP counters of {@link SoftswitchMetrics#sipEvents()}: one counter per method and status class. */
class SipMetersTest {
    private final SoftswitchMetrics metrics = new SoftswitchMetrics();
    private final MeterRegistry registry = metrics.registry();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void requestsAreCountedByMethodAndResponsesByMethodAndStatusClass() {
        SipEvents events = metrics.sipEvents();
        events.requestReceived("INVITE");
        events.requestReceived("BYE");
        events.requestReceived("INVITE");
        events.responseSent("INVITE", 100);
        events.responseSent("INVITE", 200);
        events.responseSent("BYE", 200);
        events.responseSent("INVITE", 486);
        events.responseSent("INVITE", 200);

        assertThat(registry.get("sip.requests").tag("method", "INVITE").counter().count()).isEqualTo(2);
        assertThat(registry.get("sip.requests").tag("method", "BYE").counter().count()).isEqualTo(1);
        assertThat(registry.get("sip.responses").tags("method", "INVITE", "status", "2xx").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("sip.responses").tags("method", "INVITE", "status", "1xx").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("sip.responses").tags("method", "INVITE", "status", "4xx").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("sip.responses").tags("method", "BYE", "status", "2xx").counter().count())
                .isEqualTo(1);
        assertThat(metrics.scrape()).contains("sip_responses_total{method=\"INVITE\",status=\"2xx\"} 2.0");
    }

    @Test
    void twoSipEventSourcesFeedTheSameCounters() {
        metrics.sipEvents().requestReceived("OPTIONS");
        metrics.sipEvents().requestReceived("OPTIONS");

        assertThat(registry.get("sip.requests").tag("method", "OPTIONS").counter().count()).isEqualTo(2);
    }

    @Test
    void statusClassOfEveryCodeIsItsHundreds() {
        assertThat(SoftswitchMetrics.statusClass(100)).isEqualTo("1xx");
        assertThat(SoftswitchMetrics.statusClass(486)).isEqualTo("4xx");
        assertThat(SoftswitchMetrics.statusClass(699)).isEqualTo("6xx");
        assertThat(SoftswitchMetrics.statusClass(1000)).isEqualTo("10xx");
    }
}
