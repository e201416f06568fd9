package io.softswitch.trunking;

import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.RewriteRule;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.TimeWindow;
import io.softswitch.config.provisioning.Trunk;
import java.util.List;

/**
 * Provisioning values for tests. Numbers are fictional: US 555-0100..0199 (+1 415 555 01xx,
 * reserved by NANPA for fiction) and the Ofcom drama range +44 20 7946 0xxx.
 */
public final class Fixtures {
    public static final String ACCOUNT = "AC00000000000000000000000000000001";

    private Fixtures() {
    }

    public static Trunk trunk(String name, NumberNormalization policy, String region) {
        return new Trunk(null, ACCOUNT, name, null, List.of(), List.of(), null, policy, region, 0, 0, true, false,
                List.of(), List.of(), List.of());
    }

    public static Trunk trunkWithDomain(String name, String domain, List<String> acl, List<Credential> credentials) {
        return new Trunk(null, ACCOUNT, name, domain, acl, credentials, null, NumberNormalization.STRICT, "US", 0, 0,
                true, false, List.of(), List.of(), List.of());
    }

    public static Trunk withLimits(Trunk t, int cps, int concurrent) {
        return new Trunk(t.sid(), t.accountSid(), t.name(), t.domainName(), t.ipAcl(), t.credentials(), t.realm(),
                t.normalization(), t.defaultRegion(), cps, concurrent, t.symmetricRtp(), t.callerIdMustBeOwned(),
                t.originationUrls(), t.calledRewrites(), t.callingRewrites());
    }

    public static Trunk withCallerIdOwned(Trunk t) {
        return new Trunk(t.sid(), t.accountSid(), t.name(), t.domainName(), t.ipAcl(), t.credentials(), t.realm(),
                t.normalization(), t.defaultRegion(), t.cpsLimit(), t.concurrentCallLimit(), t.symmetricRtp(), true,
                t.originationUrls(), t.calledRewrites(), t.callingRewrites());
    }

    public static Trunk withRewrites(Trunk t, List<RewriteRule> called, List<RewriteRule> calling) {
        return new Trunk(t.sid(), t.accountSid(), t.name(), t.domainName(), t.ipAcl(), t.credentials(), t.realm(),
                t.normalization(), t.defaultRegion(), t.cpsLimit(), t.concurrentCallLimit(), t.symmetricRtp(),
                t.callerIdMustBeOwned(), t.originationUrls(), called, calling);
    }

    public static Trunk withOrigination(Trunk t, List<OriginationUrl> urls) {
        return new Trunk(t.sid(), t.accountSid(), t.name(), t.domainName(), t.ipAcl(), t.credentials(), t.realm(),
                t.normalization(), t.defaultRegion(), t.cpsLimit(), t.concurrentCallLimit(), t.symmetricRtp(),
                t.callerIdMustBeOwned(), urls, t.calledRewrites(), t.callingRewrites());
    }

    public static Carrier carrier(String name, Gateway... gateways) {
        return carrier(name, NumberFormat.E164, "", gateways);
    }

    public static Carrier carrier(String name, NumberFormat format, String techPrefix, Gateway... gateways) {
        return new Carrier(null, name, CarrierType.SIP, format, techPrefix, "", "", 0, 0, 0, 4000,
                Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(gateways), List.of(), List.of(), List.of());
    }

    public static Carrier withInbound(Carrier c, List<String> cidrs) {
        return new Carrier(c.sid(), c.name(), c.type(), c.numberFormat(), c.techPrefix(), c.username(), c.password(),
                c.cpsLimit(), c.concurrentCallLimit(), c.probeIntervalSeconds(), c.failoverTimeoutMs(),
                c.finalResponseCodes(), c.gateways(), cidrs, c.calledRewrites(), c.callingRewrites());
    }

    public static Carrier withCalledRewrites(Carrier c, List<RewriteRule> rules) {
        return new Carrier(c.sid(), c.name(), c.type(), c.numberFormat(), c.techPrefix(), c.username(), c.password(),
                c.cpsLimit(), c.concurrentCallLimit(), c.probeIntervalSeconds(), c.failoverTimeoutMs(),
                c.finalResponseCodes(), c.gateways(), c.inboundIps(), rules, c.callingRewrites());
    }

    public static Gateway gw(String name, int priority, int weight) {
        return new Gateway(name, "sip:" + name + ".carrier.example:5060", priority, weight, true);
    }

    public static Gateway disabled(String name) {
        return new Gateway(name, "sip:" + name + ".carrier.example:5060", 0, 1, false);
    }

    public static Route route(String prefix, String carrier, int priority, int weight) {
        return new Route(null, null, prefix, carrier, priority, weight, null, RouteAction.ROUTE, List.of());
    }

    public static Route route(String prefix, String carrier, String trunk, List<TimeWindow> windows) {
        return new Route(null, null, prefix, carrier, 0, 1, trunk, RouteAction.ROUTE, windows);
    }

    public static Route block(String prefix) {
        return new Route(null, "no-premium", prefix, null, 0, 1, null, RouteAction.BLOCK, List.of());
    }

    public static OriginationUrl url(String name, int priority, int weight, boolean enabled) {
        return new OriginationUrl(name, "sip:" + name + ".pbx.example:5060", priority, weight, enabled);
    }
}
