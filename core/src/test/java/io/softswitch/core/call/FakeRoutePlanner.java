package io.softswitch.core.call;

import io.softswitch.sip.SipUri;
import io.softswitch.trunking.limit.Permit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A router that plans every call over gateways {@code gw1..gwN} (ports 5061...) of carrier
 * {@code carrier}, with a 2000 ms attempt timer and the given final codes, and records what is
 * done with the plan's limits: {@code acquire gw1}, {@code release gw1}, {@code close}.
 */
final class FakeRoutePlanner implements CallRouter {
    static final int ATTEMPT_TIMEOUT_MS = 2000;

    final List<String> limits = new ArrayList<>();
    /** Gateways whose carrier limit refuses the attempt. */
    final Set<String> full = new HashSet<>();
    private final int gateways;
    private final IntPredicate isFinal;

    FakeRoutePlanner(int gateways) {
        this(gateways, code -> code < 300 || code == 486 || code >= 600);
    }

    FakeRoutePlanner(int gateways, IntPredicate isFinal) {
        this.gateways = gateways;
        this.isFinal = isFinal;
    }

    @Override
    public Decision route(io.softswitch.sip.SipRequest invite) {
        List<OutboundInvite> attempts = new ArrayList<>();
        for (int i = 1; i <= gateways; i++) {
            attempts.add(new OutboundInvite(new SipUri(null, "192.0.2.20", 5060 + i, null), invite.requestUser(),
                    invite.from().user(), null, List.of(), null, null, ATTEMPT_TIMEOUT_MS, isFinal, "carrier", "gw" + i));
        }
        return new Decision.Proceed(new RoutePlan(Direction.TRUNKING_TERMINATING, "ACtest", "pbx",
                invite.from().user(), invite.requestUser(), false, attempts, new RoutePlan.Limits() {
                    private boolean closed;

                    @Override
                    public Permit acquire(OutboundInvite attempt) {
                        if (full.contains(attempt.gateway())) {
                            limits.add("refuse " + attempt.gateway());
                            return null;
                        }
                        limits.add("acquire " + attempt.gateway());
                        return () -> limits.add("release " + attempt.gateway());
                    }

                    @Override
                    public void close() {
                        if (!closed) {
                            closed = true;
                            limits.add("close");
                        }
                    }
                }));
    }
}
