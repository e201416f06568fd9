package io.softswitch.core.cdr;

import io.softswitch.core.call.CallEvents;
import io.softswitch.core.call.CallSummary;
import io.softswitch.trunking.RoutingSnapshot;
import java.util.function.Supplier;

/**
 * Turns each finished call of the engine into one {@link CallRecord} for the {@link CdrSink}. The
 * engine's plans carry the trunk, carrier and gateway keys (their SIDs), which go into the record
 * as they are; the account comes from the plan, else from the trunk in the routing snapshot (one
 * lookup, no scan). {@link CdrSink#submit} never blocks, so this is safe on engine threads.
 */
public final class CallRecords implements CallEvents {
    private final CdrSink sink;
    private final Supplier<RoutingSnapshot> snapshot;
    private final String mainAccountSid;
    private final String node;

    public CallRecords(CdrSink sink, Supplier<RoutingSnapshot> snapshot, String mainAccountSid) {
        this(sink, snapshot, mainAccountSid, null);
    }

    /** Records that name {@code node} (the {@code cluster.node_id} of this daemon) as the one that handled each call. */
    public CallRecords(CdrSink sink, Supplier<RoutingSnapshot> snapshot, String mainAccountSid, String node) {
        this.sink = sink;
        this.snapshot = snapshot;
        this.mainAccountSid = mainAccountSid;
        this.node = node;
    }

    @Override
    public void callEnded(CallSummary s) {
        String account = s.accountSid();
        if (account == null && s.trunk() != null) {
            account = snapshot.get().trunk(s.trunk()).map(t -> t.trunk().accountSid()).orElse(null);
        }
        sink.submit(CallRecord.builder(s.sid(), account != null ? account : mainAccountSid)
                .parentCallSid(s.parentCallSid())
                .startTime(s.startTime())
                .answerTime(s.answerTime())
                .endTime(s.endTime())
                .from(s.from())
                .to(s.to())
                .status(s.status().twilioName())
                .durationSeconds((int) s.durationSeconds())
                .direction(s.direction().twilioName())
                .trunkSid(s.trunk())
                .carrierSid(s.carrier())
                .gatewaySid(s.gateway())
                .sipCallId(s.sipCallId())
                .attempts(s.attempts())
                .sipResponseCode(s.sipCode())
                .hangupBy(s.hangupBy().spelling())
                .rtpPacketsIn(s.media().packetsAtoB())
                .rtpPacketsOut(s.media().packetsBtoA())
                .rtpPacketsLost(s.media().lost())
                .jitterMs(s.media().jitterMs())
                .callerLegSrtp(s.media().srtpA())
                .calleeLegSrtp(s.media().srtpB())
                .node(node)
                .build());
    }
}
