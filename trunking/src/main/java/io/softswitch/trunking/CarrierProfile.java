package io.softswitch.trunking;

import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.Cidr;
import io.softswitch.trunking.health.GatewayId;
import io.softswitch.trunking.limit.LimitScope;
import io.softswitch.trunking.number.E164Number;
import io.softswitch.trunking.number.NumberFormatter;
import io.softswitch.trunking.number.Rewriter;
import java.net.InetAddress;
import java.util.List;

/** A carrier compiled for the call path: failover policy, output format, rewrites, source CIDRs, gateway addresses. Immutable. */
public final class CarrierProfile {
    private final Carrier carrier;
    private final FailoverPolicy failover;
    private final Rewriter calledRewriter;
    private final Rewriter callingRewriter;
    private final List<Cidr> inbound;
    private final LimitScope limit;
    private final List<SipDestination> gateways;

    /** Built by {@link SnapshotCompiler} from parts it has checked. */
    CarrierProfile(Carrier carrier, FailoverPolicy failover, Rewriter calledRewriter, Rewriter callingRewriter,
            List<Cidr> inbound, List<SipDestination> gateways) {
        this.carrier = carrier;
        this.failover = failover;
        this.calledRewriter = calledRewriter;
        this.callingRewriter = callingRewriter;
        this.inbound = List.copyOf(inbound);
        this.gateways = List.copyOf(gateways);
        this.limit = LimitScope.of(LimitScope.CARRIER, carrier.key(), carrier.cpsLimit(), carrier.concurrentCallLimit());
    }

    public String name() {
        return carrier.name();
    }

    /** What routing, limits, health and records know it by: {@link Carrier#key()} (its SID when stored). */
    public String key() {
        return carrier.key();
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

    /** Its gateways, addresses parsed, in provisioning order. */
    public List<SipDestination> gateways() {
        return gateways;
    }

    public GatewayId gatewayId(SipDestination g) {
        return new GatewayId(carrier.key(), g.name());
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
