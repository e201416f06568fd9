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

    static Trunk openTrunk() {
        return trunk("pbx", List.of("127.0.0.0/8"), List.of(), NumberNormalization.STRICT, 0, 0, List.of());
    }

    static Carrier carrier(String name, List<String> inboundIps, int... gatewayPorts) {
        List<Gateway> gws = new java.util.ArrayList<>();
        int i = 0;
        for (int p : gatewayPorts) {
            gws.add(new Gateway("gw" + (++i), "sip:127.0.0.1:" + p, i, 10, true));
        }
        return new Carrier(null, name, CarrierType.SIP, NumberFormat.E164, "", "", "", 0, 0, 0, 2000,
                Carrier.DEFAULT_FINAL_RESPONSE_CODES, gws, inboundIps, List.of(), List.of());
    }

    static Route defaultRoute(String carrier) {
        return new Route(null, "default", "", carrier, 10, 10, null, RouteAction.ROUTE, List.of());
    }

    static Provisioning of(List<Trunk> trunks, List<Carrier> carriers, List<PhoneNumber> numbers, List<Route> routes) {
        return new Provisioning(trunks, carriers, numbers, routes);
    }
}
