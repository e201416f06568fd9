package io.softswitch.trunking;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.Provisioning;
import io.softswitch.trunking.limit.InMemoryCallLimiter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A provisioning block read from YAML drives the router end to end. */
class ConfigToDecisionTest {

    @Test
    void yamlProvisioningRoutesAndRejects() throws Exception {
        Provisioning p = new ConfigLoader(name -> null).parse("p.yaml", """
                provisioning:
                  trunks:
                    - name: pbx
                      normalization: normalize
                      default_region: GB
                  carriers:
                    - name: uk
                      number_format: national
                      gateways:
                        - {name: london, sip_url: "sip:192.0.2.10:5060", priority: 0}
                        - {name: leeds, sip_url: "sip:192.0.2.11:5060", priority: 1}
                  routes:
                    - prefix: "+44"
                      carrier: uk
                    - prefix: "4490"
                      action: block
                """).provisioning();
        Router router = new Router(new SnapshotHolder(RoutingSnapshot.build(p)), id -> false,
                new InMemoryCallLimiter(), Clock.fixed(Instant.parse("2024-01-05T12:00:00Z"), ZoneOffset.UTC),
                new SplittableRandom(1));
        RouteDecision.Routed d = (RouteDecision.Routed) router.terminate(TerminationRequest.of("pbx", "020 7946 0000"));
        assertThat(d.calledNumber()).isEqualTo("+442079460000");
        assertThat(d.attempts()).extracting(Attempt::target, Attempt::calledUser)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("london", "02079460000"),
                        org.assertj.core.groups.Tuple.tuple("leeds", "02079460000"));
        RouteDecision.Rejected premium = (RouteDecision.Rejected) router.terminate(
                TerminationRequest.of("pbx", "+449098790000"));
        assertThat(premium.status().code()).isEqualTo(403); // Ofcom drama premium-rate range 0909 879 0xxx
        RouteDecision.Rejected us = (RouteDecision.Rejected) router.terminate(TerminationRequest.of("pbx", "+14155550100"));
        assertThat(us.status().code()).isEqualTo(404);
    }
}
