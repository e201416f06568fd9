package io.softswitch.core.cdr;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.core.call.CallEvents;
import io.softswitch.core.call.CallSummary;
import java.util.function.Supplier;

/**
 * Turns each finished call of the engine into one {@link CallRecord} for the {@link CdrSink}.
 * Names known to the engine (trunk, carrier, gateway) become the SIDs of the current
 * provisioning; {@link CdrSink#submit} never blocks, so this is safe on engine threads.
 */
public final class CallRecords implements CallEvents {
    private final CdrSink sink;
    private final Supplier<Provisioning> provisioning;
    private final String mainAccountSid;

    public CallRecords(CdrSink sink, Supplier<Provisioning> provisioning, String mainAccountSid) {
        this.sink = sink;
        this.provisioning = provisioning;
        this.mainAccountSid = mainAccountSid;
    }

    @Override
    public void callEnded(CallSummary s) {
        Provisioning p = provisioning.get();
        String trunkSid = null;
        String account = s.accountSid();
        for (Trunk t : p.trunks()) {
            if (t.name().equals(s.trunk())) {
                trunkSid = t.sid();
                account = account != null ? account : t.accountSid();
            }
        }
        String carrierSid = null;
        String gatewaySid = null;
        for (Carrier c : p.carriers()) {
            if (c.name().equals(s.carrier())) {
                carrierSid = c.sid();
                for (Gateway g : c.gateways()) {
                    if (s.gateway() != null && (s.gateway().equals(g.name()) || s.gateway().equals(g.sipUrl()))) {
                        gatewaySid = g.name();
                    }
                }
            }
        }
        sink.submit(CallRecord.builder(s.sid(), account != null ? account : mainAccountSid)
                .startTime(s.startTime())
                .answerTime(s.answerTime())
                .endTime(s.endTime())
                .from(s.from())
                .to(s.to())
                .status(s.status().twilioName())
                .durationSeconds((int) s.durationSeconds())
                .direction(s.direction().twilioName())
                .trunkSid(trunkSid)
                .carrierSid(carrierSid)
                .gatewaySid(gatewaySid == null ? s.gateway() : gatewaySid)
                .sipCallId(s.sipCallId())
                .attempts(s.attempts())
                .sipResponseCode(s.sipCode())
                .hangupBy(s.hangupBy().spelling())
                .rtpPacketsIn(s.media().packetsAtoB())
                .rtpPacketsOut(s.media().packetsBtoA())
                .rtpPacketsLost(s.media().lost())
                .jitterMs(s.media().jitterMs())
                .build());
    }
}
