package io.softswitch.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.security.RawPbx;
import io.softswitch.core.security.SecureDaemons;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every gateway of the only carrier is out of service (SIPp answers its OPTIONS probes {@code 503},
 * {@code uas-options-503.xml}); once probing has marked them down, a call is refused {@code 503} at
 * once instead of waiting out the 4 s no-response timer of each gateway, and no INVITE is sent to
 * them.
 */
class AllGatewaysDownTest {
    private static final int FAILOVER_TIMEOUT_MS = 4000;
    private static final int CALLS = 10;

    @TempDir
    Path tmp;

    @Test
    void callsGetAFast503WhenProbingHasMarkedEveryGatewayDown() throws Exception {
        int gw1 = FreePorts.udpAndTcp();
        int gw2 = FreePorts.udpAndTcp();
        int sipPort = FreePorts.udpAndTcp();
        try (Sipp.Running g1 = Sipp.scenario("uas-options-503.xml").localPort(gw1).calls(1000).startServer();
                Sipp.Running g2 = Sipp.scenario("uas-options-503.xml").localPort(gw2).calls(1000).startServer();
                Daemon daemon = Daemon.start(SecureDaemons.config(sipPort, ""), tmp)) {
            daemon.snapshots().replace(provisioning(gw1, gw2));
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> gatewayUp(daemon, "gw1") == 0 && gatewayUp(daemon, "gw2") == 0);

            List<Long> millis = new ArrayList<>();
            try (RawPbx pbx = new RawPbx("127.0.0.1", sipPort)) {
                for (int i = 0; i < CALLS; i++) {
                    long t0 = System.nanoTime();
                    String status = pbx.call("127.0.0.1", "+141555501" + (10 + i), null);
                    millis.add((System.nanoTime() - t0) / 1_000_000);
                    assertThat(status).startsWith("503 ");
                }
            }
            Collections.sort(millis);
            System.out.printf("all gateways down: %d calls refused 503, median %d ms, max %d ms%n", CALLS,
                    millis.get(CALLS / 2), millis.get(CALLS - 1));
            assertThat(millis.get(CALLS - 1)).as("slowest refusal (ms)").isLessThan(1000);
            assertThat(g1.stop().received("INVITE")).isEmpty();
            assertThat(g2.stop().received("INVITE")).isEmpty();
        }
    }

    private static double gatewayUp(Daemon d, String gateway) {
        Gauge g = d.metrics().registry().find("carrier.gateway.up").tag("gateway", gateway).gauge();
        return g == null ? 1 : g.value();
    }

    private static Provisioning provisioning(int gw1, int gw2) {
        Trunk pbx = new Trunk(null, null, "pbx", null, List.of("127.0.0.1/32"), List.of(), null,
                NumberNormalization.STRICT, "US", 0, 0, false, false, List.of(), List.of(), List.of());
        Carrier carrier = new Carrier(null, "carrier", CarrierType.SIP, NumberFormat.E164, "", "", "", 0, 0, 1,
                FAILOVER_TIMEOUT_MS, Carrier.DEFAULT_FINAL_RESPONSE_CODES,
                List.of(new Gateway("gw1", "sip:127.0.0.1:" + gw1, 1, 10, true),
                        new Gateway("gw2", "sip:127.0.0.1:" + gw2, 2, 10, true)),
                List.of(), List.of(), List.of());
        return new Provisioning(List.of(pbx), List.of(carrier), List.of(),
                List.of(new Route(null, "default", "", "carrier", 10, 10, null, RouteAction.ROUTE, List.of())));
    }
}
