package io.softswitch.core.simulator;

import io.softswitch.config.SimulatorConfig;
import io.softswitch.config.SimulatorRule;
import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.Leg;
import io.softswitch.sip.LegListener;
import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipHandler;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SipSettings;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The built-in simulated carrier: its own SIP endpoint (UDP and TCP on the configured port) that
 * answers INVITEs by the first matching {@link SimulatorRule}: 180 (or 183 with SDP), then after
 * the ring time the final code; answered calls echo RTP and are hung up by the caller or after the
 * hold time. re-INVITE/UPDATE are answered with the same SDP; INFO and OPTIONS with 200.
 */
public final class CarrierSimulator implements SipHandler, AutoCloseable {

    /** Reports each final answer the simulator gives (for metrics). */
    public interface Listener {
        void answered(int status);
    }

    private final SipEndpoint sip;
    private final EchoSocket echo;
    private final List<SimulatorRule> rules;
    private final String host;
    private final Listener listener;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulator-timers");
        t.setDaemon(true);
        return t;
    });

    private CarrierSimulator(SipEndpoint sip, EchoSocket echo, SimulatorConfig config, Listener listener) {
        this.sip = sip;
        this.echo = echo;
        this.rules = config.rules();
        this.host = config.host();
        this.listener = listener;
    }

    public static CarrierSimulator start(SimulatorConfig config, Listener listener) throws IOException {
        return start(config, OverloadLimit.steady(OverloadLimit.DEFAULT_MAX_DELAY_MS), listener);
    }

    /** Starts the simulator, shedding new INVITEs by {@code overload} like the switch in front of it. */
    public static CarrierSimulator start(SimulatorConfig config, OverloadLimit overload, Listener listener)
            throws IOException {
        EchoSocket echo = new EchoSocket(config.host());
        try {
            SipEndpoint sip = SipEndpoint.start(new SipSettings("simulator-" + config.port(),
                    List.of(new SipBinding("udp", config.host(), config.port()),
                            new SipBinding("tcp", config.host(), config.port())),
                    "softswitch-simulator", 4, 65536, "", SipSecurity.DEFAULTS, overload), SipEvents.NONE);
            CarrierSimulator s = new CarrierSimulator(sip, echo, config, listener);
            sip.setHandler(s);
            return s;
        } catch (IOException | RuntimeException e) {
            echo.close();
            throw e;
        }
    }

    public List<SipBinding> bindings() {
        return sip.bindings();
    }

    @Override
    public void onInvite(InboundLeg leg) {
        String number = leg.invite().requestUser();
        SimulatorRule rule = rules.stream().filter(r -> r.matches(number)).findFirst().orElse(null);
        if (rule == null) {
            finalAnswer(leg, SipStatus.NOT_FOUND);
            return;
        }
        SipBody offer = leg.invite().body();
        String sdp = offer == null ? Sdp.offer(host, echo.port()) : Sdp.answer(offer.content(), host, echo.port());
        if (sdp == null) {
            finalAnswer(leg, SipStatus.NOT_ACCEPTABLE_HERE);
            return;
        }
        SimCall call = new SimCall(leg, SipBody.sdp(sdp));
        leg.setListener(call);
        if (rule.earlyMedia()) {
            leg.provisional(SipStatus.SESSION_PROGRESS, call.sdp);
        } else {
            leg.provisional(SipStatus.RINGING, null);
        }
        if (rule.answer() == 0) {
            return; // rings until the caller gives up
        }
        int code = rule.failureRatio() > 0 && ThreadLocalRandom.current().nextDouble() < rule.failureRatio()
                ? 503 : rule.answer();
        call.pending = timers.schedule(() -> {
            if (code == 200) {
                leg.answer(call.sdp);
                listener.answered(200);
                if (!rule.hold().isZero()) {
                    call.pending = timers.schedule(leg::hangup, rule.hold().toMillis(), TimeUnit.MILLISECONDS);
                }
            } else {
                finalAnswer(leg, SipStatus.valueOf(code));
            }
        }, rule.ring().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finalAnswer(InboundLeg leg, SipStatus status) {
        leg.reject(status, List.of());
        listener.answered(status.code());
    }

    @Override
    public void close() {
        timers.shutdownNow();
        sip.close();
        echo.close();
    }

    private static final class SimCall implements LegListener {
        final InboundLeg leg;
        final SipBody sdp;
        volatile ScheduledFuture<?> pending;

        SimCall(InboundLeg leg, SipBody sdp) {
            this.leg = leg;
            this.sdp = sdp;
        }

        @Override
        public void onRequest(Leg l, InDialogRequest request) {
            boolean offer = "INVITE".equals(request.method()) || "UPDATE".equals(request.method());
            request.respond(new SipReply(SipStatus.OK, offer ? sdp : null, List.of()));
        }

        @Override
        public void onBye(Leg l) {
            cancelPending();
        }

        @Override
        public void onCancel(Leg l) {
            cancelPending();
        }

        @Override
        public void onLost(Leg l, String why) {
            cancelPending();
        }

        private void cancelPending() {
            ScheduledFuture<?> f = pending;
            if (f != null) {
                f.cancel(false);
            }
        }
    }
}
