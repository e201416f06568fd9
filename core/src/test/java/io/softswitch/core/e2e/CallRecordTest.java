package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exactly one call record per call, on every end path, with Twilio's statuses and directions, as
 * rows in the database (DESIGN.md §3 step 10). Each call is driven by real SIPp peers.
 */
class CallRecordTest {
    private static final String DIALED = "+14155550100";

    @Test
    void answeredCallIsOneCompletedRecordWithTheCallDetails() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Sipp.scenario("uac-call.xml").arg("-s", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
            Map<String, Object> cdr = single(d);
            assertThat(cdr.get("sid").toString()).matches("CA[0-9a-f]{32}");
            assertThat(cdr).containsEntry("status", "completed")
                    .containsEntry("direction", "trunking-terminating")
                    .containsEntry("to_number", DIALED)
                    .containsEntry("from_number", "+14155550199")
                    .containsEntry("attempts", 1)
                    .containsEntry("sip_response_code", 200)
                    .containsEntry("hangup_by", "caller");
            assertThat(cdr.get("answer_time")).isNotNull();
            assertThat(cdr.get("sip_call_id").toString()).endsWith("@127.0.0.1"); // the PBX's Call-ID
        }
    }

    @Test
    void busyCarrierIsOneBusyRecord() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Peers.busy(gw).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(Peers.finals(pbx)).containsExactly("486 Busy Here");
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
            Map<String, Object> cdr = single(d);
            assertThat(cdr).containsEntry("status", "busy").containsEntry("sip_response_code", 486)
                    .containsEntry("attempts", 1).containsEntry("duration", 0);
            assertThat(cdr.get("answer_time")).isNull();
        }
    }

    @Test
    void failoverIsOneRecordCountingBothAttempts() throws Exception {
        int gw1 = FreePorts.udpAndTcp();
        int gw2 = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw1, gw2)));
                Sipp.Running first = Peers.unavailable(gw1).startServer();
                Sipp.Running second = Sipp.scenario("uas-answer.xml").localPort(gw2).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(Peers.finals(pbx)).containsExactly("200 OK");
            first.await();
            second.await();
            Map<String, Object> cdr = single(d);
            assertThat(cdr).containsEntry("status", "completed").containsEntry("attempts", 2);
        }
    }

    @Test
    void cancelledCallIsOneCanceledRecord() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-ring-cancel.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Sipp.scenario("uac-cancel.xml").arg("-s", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            carrier.await();
            Map<String, Object> cdr = single(d);
            assertThat(cdr).containsEntry("status", "canceled").containsEntry("sip_response_code", 487)
                    .containsEntry("hangup_by", "caller");
        }
    }

    @Test
    void unroutableCallIsOneFailedRecord() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.of(List.of(Demo.openTrunk()), List.of(Demo.carrier("carrier", List.of(), gw)),
                List.of(), List.of(Demo.route("44", "carrier"))))) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(Peers.finals(pbx)).singleElement().asString().startsWith("404");
            Map<String, Object> cdr = single(d);
            assertThat(cdr).containsEntry("status", "failed").containsEntry("sip_response_code", 404)
                    .containsEntry("attempts", 0);
        }
    }

    private static Map<String, Object> single(E2eDaemon d) {
        List<Map<String, Object>> rows = d.awaitCdrs(1);
        Peers.awaitIdle(d);
        assertThat(d.cdrs()).as("exactly one record per call").hasSize(1);
        Map<String, Object> row = rows.get(0);
        java.util.Map<String, Object> normalized = new java.util.HashMap<>();
        row.forEach((k, v) -> normalized.put(k, v instanceof Number n && !(v instanceof Double) ? n.intValue() : v));
        return normalized;
    }
}
