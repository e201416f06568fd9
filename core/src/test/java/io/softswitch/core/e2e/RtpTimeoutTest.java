package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A call whose media stopped (both sides silent for {@code media.rtp_timeout_seconds}) is a dead
 * call: both legs get BYE and the record says who ended it, {@code rtp-timeout}.
 */
class RtpTimeoutTest {

    @Test
    void answeredCallWithoutRtpIsHungUpOnBothLegsAfterTheRtpTimeout() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)),
                "rtp_timeout_seconds: 1");
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(gw).startServer()) {
            // Neither SIPp sends RTP; the PBX waits (up to 20 s) for a BYE it did not ask for.
            Sipp.Result pbx = Sipp.scenario("uac-call-until-bye.xml").arg("-s", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(pbx.received("BYE")).isNotEmpty();
            Sipp.Result uas = carrier.await();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            assertThat(uas.received("BYE")).isNotEmpty();

            Map<String, Object> cdr = d.awaitCdrs(1).get(0);
            assertThat(cdr).containsEntry("status", "completed").containsEntry("hangup_by", "rtp-timeout");
            Duration talk = Duration.between(instant(cdr.get("answer_time")), instant(cdr.get("end_time")));
            assertThat(talk).as("BYE within about 2 s of the answer").isLessThan(Duration.ofMillis(2500));
            Counter timeouts = d.daemon.metrics().registry().find("media.rtp.timeouts").counter();
            assertThat(timeouts).isNotNull();
            assertThat(timeouts.count()).isEqualTo(1);
            d.awaitCalls("completed", 1);
        }
    }

    @Test
    void callRingingLongerThanTheRtpTimeoutIsStillHungUpOnceAnsweredWithoutRtp() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)),
                "rtp_timeout_seconds: 1");
                Sipp.Running carrier = Sipp.scenario("uas-ring-then-answer.xml").localPort(gw).startServer()) {
            // The first timeout fires while the call rings (2 s > 1 s) and is ignored; the relay
            // keeps reporting silence, so the answered call is ended by the next one.
            Sipp.Result pbx = Sipp.scenario("uac-call-until-bye.xml").arg("-s", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(carrier.await().received("BYE")).isNotEmpty();
            Map<String, Object> cdr = d.awaitCdrs(1).get(0);
            assertThat(cdr).containsEntry("status", "completed").containsEntry("hangup_by", "rtp-timeout");
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        throw new AssertionError("not a time: " + value + " (" + (value == null ? null : value.getClass()) + ")");
    }
}
