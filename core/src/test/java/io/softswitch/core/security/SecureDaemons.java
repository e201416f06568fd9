package io.softswitch.core.security;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.Provisioning;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.Trunk;
import java.util.List;
import io.softswitch.core.testing.TestConfigs;

/**
 * Test daemon configurations with a {@code sip.security} block (and, from {@link TestConfigs}, a
 * private random media port range).
 */
public final class SecureDaemons {
    private SecureDaemons() {
    }

    /** The test config on {@code sipPort} with {@code securityYaml} (keys at column 0) under {@code sip.security}. */
    public static SoftswitchConfig config(int sipPort, String securityYaml) {
        return parse(yaml(sipPort, securityYaml));
    }

    /** The YAML of {@link #config}, for tests that add sections of their own. */
    public static String yaml(int sipPort, String securityYaml) {
        String indented = securityYaml.strip().lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        String security = indented.isEmpty() ? "" : "  security:\n" + indented;
        // TestConfigs already gives the daemon a private random relay port range.
        return TestConfigs.yaml(sipPort).replace("http:\n", security + "http:\n");
    }

    public static SoftswitchConfig parse(String yaml) {
        try {
            return new ConfigLoader(name -> null).parse("test.yaml", yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One digest-only trunk {@code acme} ({@code domain}, {@code user}/{@code password}, no IP ACL)
     * whose every call goes to one carrier gateway on {@code carrierPort}.
     */
    public static Provisioning digestTrunkToCarrier(String domain, String user, String password, int carrierPort) {
        Trunk trunk = new Trunk(null, null, "acme", domain, List.of(), List.of(new Credential(user, password, null, null)),
                null, NumberNormalization.NORMALIZE, "US", 0, 0, false, false, List.of(), List.of(), List.of());
        Gateway gw = new Gateway("gw1", "sip:127.0.0.1:" + carrierPort, 1, 10, true);
        Carrier c = new Carrier(null, "carrier", CarrierType.SIP, NumberFormat.E164, "", "", "", 0, 0, 0, 2000,
                Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(gw), List.of(), List.of(), List.of());
        return new Provisioning(List.of(trunk), List.of(c), List.of(),
                List.of(new Route(null, "default", "", "carrier", 10, 10, null, RouteAction.ROUTE, List.of())));
    }
}
