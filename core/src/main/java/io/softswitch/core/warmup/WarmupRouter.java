package io.softswitch.core.warmup;

import io.softswitch.core.call.CallRouter;
import io.softswitch.core.call.Decision;
import io.softswitch.core.call.Direction;
import io.softswitch.core.call.RoutePlan;
import io.softswitch.sip.SipRequest;
import java.util.List;

/**
 * In front of the customers' router: an INVITE that {@link Warmup#routerFor} recognizes as one of
 * the running warm-up's own (its secret, from one of its caller sockets) is routed by the warm-up's
 * private routing to its loopback callee, as a {@link Direction#WARMUP} call of no tenant; every
 * other INVITE, and every INVITE once the warm-up is over, goes to the customers' router unchanged.
 */
final class WarmupRouter implements CallRouter {
    private final CallRouter customers;
    private final Warmup warmup;

    WarmupRouter(CallRouter customers, Warmup warmup) {
        this.customers = customers;
        this.warmup = warmup;
    }

    @Override
    public Decision route(SipRequest invite) {
        CallRouter synthetic = warmup.routerFor(invite);
        if (synthetic == null) {
            return customers.route(invite);
        }
        Decision d = synthetic.route(invite);
        // Whatever the private routing decided, the call is a WARMUP one from here (a refusal becomes a
        // plan without attempts, which the engine answers 503), so that no event of it reaches a record.
        RoutePlan p = d instanceof Decision.Proceed proceed ? proceed.plan() : null;
        return new Decision.Proceed(p == null
                ? new RoutePlan(Direction.WARMUP, warmup.account(), null, null, null, false, List.of(),
                        RoutePlan.Limits.NONE)
                : new RoutePlan(Direction.WARMUP, warmup.account(), p.trunk(), p.from(), p.to(), p.symmetricRtp(),
                        p.attempts(), p.limits(), p.encryptionA(), null));
    }
}
