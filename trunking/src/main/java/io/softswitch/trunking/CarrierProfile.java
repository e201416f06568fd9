package io.softswitch.trunking;

import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.Cidr;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.trunking.health.GatewayId;
import io.softswitch.trunking.limit.LimitScope;
import io.softswitch.trunking.number.E164Number;
import io.softswitch.trunking.number.NumberFormatter;
import io.softswitch.trunking.number.Rewriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A carrier compiled for the call path: failover policy, output format, rewrites, source CIDRs. Immutable. */
public final class CarrierProfile {
    private final Carrier carrier;
    private final FailoverPolicy failover;
    private final Rewriter calledRewriter;
    private final Rewriter callingRewriter;
    private final List<Cidr> inbound;
    private final LimitScope limit;

    CarrierProfile(Carrier carrier) {
        this.carrier = carrier;
        this.failover = FailoverPolicy.of(
                carrier.finalResponseCodes().isEmpty() ? FailoverPolicy.DEFAULT_FINAL_CODES : carrier.finalResponseCodes(),
                carrier.failoverTimeoutMs() > 0 ? carrier.failoverTimeoutMs() : FailoverPolicy.DEFAULT_ATTEMPT_TIMEOUT_MS);
        this.calledRewriter = Rewriter.of(carrier.calledRewrites());
        this.callingRewriter = Rewriter.of(carrier.callingRewrites());
        List<Cidr> cidrs = new ArrayList<>();
        for (String s : carrier.inboundIps()) {
            cidrs.add(Cidr.parse(s));
        }
        this.inbound = List.copyOf(cidrs);
        this.limit = LimitScope.of(LimitScope.CARRIER, carrier.name(), carrier.cpsLimit(), carrier.concurrentCallLimit());
    }

    public String name() {
        return carrier.name();
    }

    public Carrier carrier() {
        return carrier;
    }

    public FailoverPolicy failover() {
        return failover;
    }

    /** Scope to acquire before sending an attempt to this carrier. */
    public LimitScope limit() {
        return limit;
    }

    /** The name a gateway is known by in health state and attempts: its name, else its SIP URL. */
    public static String gatewayName(Gateway g) {
        return g.name() == null || g.name().isBlank() ? g.sipUrl() : g.name();
    }

    public GatewayId gatewayId(Gateway g) {
        return new GatewayId(carrier.name(), gatewayName(g));
    }

    /** The called number as this carrier gets it: its format, then its rewrites, then its tech prefix. */
    public String calledUser(E164Number number) {
        String s = calledRewriter.apply(NumberFormatter.format(number, carrier.numberFormat()));
        return carrier.techPrefix() == null ? s : carrier.techPrefix() + s;
    }

    /** The caller ID as this carrier gets it: its format, then its rewrites. */
    public String callingUser(E164Number number) {
        return callingRewriter.apply(NumberFormatter.format(number, carrier.numberFormat()));
    }

    int longestInboundMatch(InetAddress source) {
        int best = -1;
        for (Cidr c : inbound) {
            if (c.prefixLength() > best && c.contains(source)) {
                best = c.prefixLength();
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "CarrierProfile[" + carrier.name() + "]";
    }
}
