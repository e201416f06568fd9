package io.softswitch.core.e2e;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.config.provisioning.VoiceWebhooks;
import java.util.ArrayList;
import java.util.List;

/**
 * Provisioning values for end-to-end tests. Numbers are from the fictional 555-01xx range
 * (+1 415 555 0100-0199).
 */
final class Demo {
    static final String ACCOUNT = "AC00000000000000000000000000000001";

    private Demo() {
    }

    static Trunk trunk(String name, List<String> acl, List<Credential> creds, NumberNormalization norm, int cps,
            int concurrent, List<OriginationUrl> origination) {
        return new Trunk(null, ACCOUNT, name, null, acl, creds, null, norm, "US", cps, concurrent, false, false,
                origination, List.of(), List.of());
    }

    /** A trunk identified by the Request-URI host {@code domain} (not by source address). */
    static Trunk domainTrunk(String name, String domain, List<String> acl, List<Credential> creds) {
        return new Trunk(null, ACCOUNT, name, domain, acl, creds, null, NumberNormalization.STRICT, "US", 0, 0, false,
                false, List.of(), List.of(), List.of());
    }

    static Trunk openTrunk() {
        return trunk("pbx", List.of("127.0.0.0/8"), List.of(), NumberNormalization.STRICT, 0, 0, List.of());
    }

    static Carrier carrier(String name, List<String> inboundIps, int... gatewayPorts) {
        return carrier(name, inboundIps, 2000, "udp", 0, gatewayPorts);
    }

    /**
     * A carrier whose gateways are {@code 127.0.0.1:port} in priority order (gw1 first).
     *
     * @param failoverTimeoutMs no-response timer per gateway
     * @param transport         {@code udp} or {@code tcp}
     * @param concurrent        simultaneous calls we may send it, 0 = unlimited
     */
    static Carrier carrier(String name, List<String> inboundIps, int failoverTimeoutMs, String transport, int concurrent,
            int... gatewayPorts) {
        List<Gateway> gws = new ArrayList<>();
        int i = 0;
        for (int p : gatewayPorts) {
            String url = "sip:127.0.0.1:" + p + ("udp".equals(transport) ? "" : ";transport=" + transport);
            gws.add(new Gateway("gw" + (++i), url, i, 10, true));
        }
        return new Carrier(null, name, CarrierType.SIP, NumberFormat.E164, "", "", "", 0, concurrent, 0,
                failoverTimeoutMs, Carrier.DEFAULT_FINAL_RESPONSE_CODES, gws, inboundIps, List.of(), List.of());
    }

    /** {@code c} with digest credentials to answer the carrier's challenges with. */
    static Carrier withCredentials(Carrier c, String username, String password) {
        return new Carrier(c.sid(), c.name(), c.type(), c.numberFormat(), c.techPrefix(), username, password,
                c.cpsLimit(), c.concurrentCallLimit(), c.probeIntervalSeconds(), c.failoverTimeoutMs(),
                c.finalResponseCodes(), c.gateways(), c.inboundIps(), c.calledRewrites(), c.callingRewrites());
    }

    /** {@code c} with its gateways probed with OPTIONS every {@code seconds}. */
    static Carrier withProbing(Carrier c, int seconds) {
        return new Carrier(c.sid(), c.name(), c.type(), c.numberFormat(), c.techPrefix(), c.username(), c.password(),
                c.cpsLimit(), c.concurrentCallLimit(), seconds, c.failoverTimeoutMs(), c.finalResponseCodes(),
                c.gateways(), c.inboundIps(), c.calledRewrites(), c.callingRewrites());
    }

    static Route defaultRoute(String carrier) {
        return new Route(null, "default", "", carrier, 10, 10, null, RouteAction.ROUTE, List.of());
    }

    static Route route(String prefix, String carrier) {
        return new Route(null, "r" + prefix, prefix, carrier, 10, 10, null, RouteAction.ROUTE, List.of());
    }

    static Route block(String prefix) {
        return new Route(null, "block" + prefix, prefix, null, 10, 10, null, RouteAction.BLOCK, List.of());
    }

    static Provisioning of(List<Trunk> trunks, List<Carrier> carriers, List<PhoneNumber> numbers, List<Route> routes) {
        return new Provisioning(trunks, carriers, numbers, routes);
    }

    /**
     * The PBX trunk {@code pbx} (from 127.0.0.1), the carrier {@code carrier} (from 127.0.0.2, its
     * gateway on {@code carrierPort}) and one number: what the API and TwiML tests call between.
     */
    static Provisioning withNumber(int carrierPort, PhoneNumber number, List<Route> routes) {
        return withNumber(trunk("pbx", List.of("127.0.0.1/32"), List.of(), NumberNormalization.STRICT, 0, 0, List.of()),
                carrierPort, number, routes);
    }

    /** As {@link #withNumber(int, PhoneNumber, List)} with the trunk {@code pbx}. */
    static Provisioning withNumber(Trunk pbx, int carrierPort, PhoneNumber number, List<Route> routes) {
        return of(List.of(pbx), List.of(carrier("carrier", List.of("127.0.0.2/32"), carrierPort)), List.of(number),
                routes);
    }

    /** {@code e164} of {@code accountSid}, its calls sent to the trunk {@code pbx}. */
    static PhoneNumber trunkNumber(String accountSid, String e164) {
        return new PhoneNumber(null, accountSid, e164, "pbx", null);
    }

    /** {@code e164} of {@code accountSid}, answered by the application at {@code webhooks} (no trunk). */
    static PhoneNumber twimlNumber(String accountSid, String e164, VoiceWebhooks webhooks) {
        return new PhoneNumber(null, accountSid, e164, null, webhooks);
    }

    /** The open PBX trunk routing everything to {@code carrier}. */
    static Provisioning termination(Carrier carrier) {
        return of(List.of(openTrunk()), List.of(carrier), List.of(), List.of(defaultRoute(carrier.name())));
    }
}
