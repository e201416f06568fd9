package io.softswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.provisioning.Account;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.RewriteRule;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.TimeWindow;
import io.softswitch.config.provisioning.Trunk;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provisioning block. Numbers: US 555-01xx (fictional) and the Ofcom drama range 020 7946 0xxx. */
class ProvisioningConfigTest {
    private static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    private final ConfigLoader loader = new ConfigLoader(Map.of("PBX_PASSWORD", "s3cret")::get);

    private static final String FULL = """
            provisioning:
              accounts:
                - sid: AC0123456789abcdef0123456789abcdef
                  name: acme
                  cps_limit: 20
                  concurrent_call_limit: 100
              trunks:
                - name: acme-pbx
                  account: AC0123456789abcdef0123456789abcdef
                  domain_name: acme.pstn.example.net
                  ip_acl: [192.0.2.0/24, "2001:db8::/32"]
                  credentials:
                    - username: acme
                      password: ${PBX_PASSWORD}
                  normalization: normalize
                  default_region: US
                  cps_limit: 5
                  concurrent_call_limit: 30
                  caller_id_must_be_owned: true
                  origination_urls:
                    - name: main
                      sip_url: sip:pbx.acme.example:5060;transport=udp
                      priority: 10
                      weight: 10
                  called_rewrites:
                    - strip: 1
                    - regex: "^011"
                      replace: "+"
              carriers:
                - name: sim
                  type: simulator
                  number_format: e164-without-plus
                  tech_prefix: "1234#"
                  failover_timeout_ms: 2500
                  final_response_codes: [2xx, 486, 6xx]
                  gateways:
                    - name: sim1
                      sip_url: sip:127.0.0.1:5070
                      priority: 0
                      weight: 1
                  inbound_ips: [127.0.0.1]
                  calling_rewrites:
                    - prefix: "+"
              numbers:
                - number: "+14155550100"
                  trunk: acme-pbx
              routes:
                - prefix: ""
                  carrier: sim
                - name: uk-office-hours
                  prefix: "+44"
                  carrier: sim
                  priority: 1
                  weight: 5
                  trunk: acme-pbx
                  windows:
                    - days: [mon, tue, wed, thu, fri]
                      start: "09:00"
                      end: "17:30"
                      time_zone: Europe/London
                - prefix: "1900"
                  action: block
                - prefix: emergency
                  carrier: sim
            """;

    @Test
    void fullBlockIsReadIntoTheModel() throws Exception {
        Provisioning p = loader.parse("p.yaml", FULL).provisioning();
        assertThat(p.accounts()).containsExactly(new Account(ACCOUNT, "acme", 20, 100));
        Trunk t = p.trunks().get(0);
        assertThat(t.name()).isEqualTo("acme-pbx");
        assertThat(t.accountSid()).isEqualTo(ACCOUNT);
        assertThat(t.ipAcl()).containsExactly("192.0.2.0/24", "2001:db8::/32");
        assertThat(t.credentials().get(0).password()).isEqualTo("s3cret");
        assertThat(t.normalization()).isEqualTo(NumberNormalization.NORMALIZE);
        assertThat(t.cpsLimit()).isEqualTo(5);
        assertThat(t.callerIdMustBeOwned()).isTrue();
        assertThat(t.originationUrls()).containsExactly(
                new OriginationUrl("main", "sip:pbx.acme.example:5060;transport=udp", 10, 10, true));
        assertThat(t.calledRewrites()).containsExactly(new RewriteRule(RewriteRule.Kind.STRIP, null, "1"),
                new RewriteRule(RewriteRule.Kind.REGEX, "^011", "+"));
        Carrier c = p.carriers().get(0);
        assertThat(c.type()).isEqualTo(CarrierType.SIMULATOR);
        assertThat(c.numberFormat()).isEqualTo(NumberFormat.E164_WITHOUT_PLUS);
        assertThat(c.techPrefix()).isEqualTo("1234#");
        assertThat(c.failoverTimeoutMs()).isEqualTo(2500);
        assertThat(c.finalResponseCodes()).containsExactly("2xx", "486", "6xx");
        assertThat(c.gateways()).containsExactly(new Gateway("sim1", "sip:127.0.0.1:5070", 0, 1, true));
        assertThat(c.inboundIps()).containsExactly("127.0.0.1");
        assertThat(p.numbers()).containsExactly(new PhoneNumber(null, ACCOUNT, "+14155550100", "acme-pbx"));
        assertThat(p.routes()).containsExactly(
                new Route(null, null, "", "sim", 10, 10, null, RouteAction.ROUTE, List.of()),
                new Route(null, "uk-office-hours", "44", "sim", 1, 5, "acme-pbx", RouteAction.ROUTE, List.of(
                        new TimeWindow(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 30),
                                ZoneId.of("Europe/London")))),
                new Route(null, null, "1900", null, 10, 10, null, RouteAction.BLOCK, List.of()),
                new Route(null, null, Route.EMERGENCY, "sim", 10, 10, null, RouteAction.ROUTE, List.of()));
    }

    @Test
    void defaultsAreTwilioLike() throws Exception {
        Provisioning p = loader.parse("p.yaml", """
                provisioning:
                  trunks:
                    - name: pbx
                  carriers:
                    - name: up
                      gateways:
                        - sip_url: sip:gw.carrier.example
                """).provisioning();
        Trunk t = p.trunks().get(0);
        assertThat(t.normalization()).isEqualTo(NumberNormalization.STRICT);
        assertThat(t.defaultRegion()).isEqualTo("US");
        assertThat(t.symmetricRtp()).isTrue();
        Carrier c = p.carriers().get(0);
        assertThat(c.type()).isEqualTo(CarrierType.SIP);
        assertThat(c.numberFormat()).isEqualTo(NumberFormat.E164);
        assertThat(c.failoverTimeoutMs()).isEqualTo(4000);
        assertThat(c.finalResponseCodes()).isEqualTo(Carrier.DEFAULT_FINAL_RESPONSE_CODES);
        assertThat(c.gateways()).containsExactly(new Gateway(null, "sip:gw.carrier.example", 10, 10, true));
    }

    @Test
    void bundledDemoProvisioningIsValid() throws Exception {
        Provisioning p = loader.load(java.nio.file.Path.of("softswitch.yaml")).provisioning();
        assertThat(p.trunks()).extracting(Trunk::name).containsExactly("demo-pbx");
        assertThat(p.carriers()).extracting(Carrier::type).containsExactly(CarrierType.SIMULATOR);
        assertThat(p.routes()).hasSize(2);
    }

    @Test
    void absentBlockIsEmpty() throws Exception {
        assertThat(loader.parse("p.yaml", "http:\n  port: 8081\n").provisioning()).isEqualTo(Provisioning.EMPTY);
    }

    @Test
    void secureTrunksAndCarrierMediaEncryptionAreReadAndCheckedWithTheirPath() throws Exception {
        Provisioning p = loader.parse("p.yaml", """
                provisioning:
                  trunks:
                    - name: pbx
                      secure: true
                  carriers:
                    - name: alpha
                      media_encryption: sdes
                      gateways: [{sip_url: "sips:192.0.2.1"}]
                    - name: beta
                      gateways: [{sip_url: "sip:192.0.2.2"}]
                """).provisioning();
        assertThat(p.trunks().get(0).secure()).isTrue();
        assertThat(p.carriers()).extracting(Carrier::mediaEncryption)
                .containsExactly(io.softswitch.config.provisioning.MediaEncryption.SDES,
                        io.softswitch.config.provisioning.MediaEncryption.NONE);
        assertProblems("""
                provisioning:
                  carriers:
                    - name: alpha
                      media_encryption: dtls
                      gateways: [{sip_url: "sip:192.0.2.1"}]
                """,
                "t.yaml:4: provisioning.carriers[0].media_encryption: 'dtls' (expected: one of none, sdes)");
    }

    @Test
    void routeToAnUnknownCarrierIsReportedWithItsPath() {
        assertProblems("""
                provisioning:
                  carriers:
                    - name: alpha
                      gateways: [{sip_url: "sip:192.0.2.1"}]
                  routes:
                    - prefix: "1"
                      carrier: gamma
                """,
                "t.yaml:7: provisioning.routes[0].carrier: 'gamma' (expected: one of the carriers: alpha)");
    }

    @Test
    void crossReferencesAreChecked() {
        assertProblems("""
                provisioning:
                  trunks:
                    - name: pbx
                      account: AC0123456789abcdef0123456789abcdef
                  carriers:
                    - name: alpha
                      gateways: [{sip_url: "sip:192.0.2.1"}]
                  numbers:
                    - number: "+14155550100"
                      trunk: pbc
                  routes:
                    - prefix: "44"
                      carrier: alpha
                      trunk: nobody
                    - prefix: "1900"
                      action: block
                      carrier: alpha
                    - prefix: "1"
                """,
                "t.yaml:4: provisioning.trunks[0].account: 'AC0123456789abcdef0123456789abcdef' (expected: a sid "
                        + "listed under provisioning.accounts)",
                "t.yaml:10: provisioning.numbers[0].trunk: 'pbc' (expected: one of the trunks: pbx)",
                "t.yaml:14: provisioning.routes[0].trunk: 'nobody' (expected: one of the trunks: pbx)",
                "t.yaml:17: provisioning.routes[1].carrier: 'alpha' (expected: no carrier on a block route)",
                "t.yaml:18: provisioning.routes[2].carrier: missing (expected: a value for required key 'carrier' "
                        + "(a route needs a carrier))");
    }

    @Test
    void addressesAndNumbersAreValidatedHereAndRoutingRulesAreNot() {
        // default_region, SIP URLs and final response codes are the routing compile's rules: the
        // loader reports them when given that check (core: ProvisioningRulesTest), not by itself.
        assertProblems("""
                provisioning:
                  trunks:
                    - name: pbx
                      ip_acl: [192.0.2.0/33, 10.0.0.300, pbx.example.net]
                      domain_name: "bad domain"
                      default_region: usa
                      origination_urls:
                        - sip_url: http://pbx.example.net
                  carriers:
                    - name: alpha
                      gateways:
                        - sip_url: "sip:gw.example.net:70000"
                        - sip_url: "sip:[2001:db8::1]:5060;transport=tcp"
                  numbers:
                    - number: "4155550100"
                    - number: "+14155550100"
                    - number: "+14155550100"
                """,
                "t.yaml:4: provisioning.trunks[0].ip_acl[0]: '192.0.2.0/33' (expected: a prefix length 0-32 after '/')",
                "t.yaml:4: provisioning.trunks[0].ip_acl[1]: '10.0.0.300' (expected: an IPv4 or IPv6 address or "
                        + "network, e.g. 192.0.2.0/24 or 2001:db8::/32)",
                "t.yaml:4: provisioning.trunks[0].ip_acl[2]: 'pbx.example.net' (expected: an IPv4 or IPv6 address or "
                        + "network, e.g. 192.0.2.0/24 or 2001:db8::/32)",
                "t.yaml:5: provisioning.trunks[0].domain_name: 'bad domain' (expected: a domain name, e.g. "
                        + "acme.pstn.example.net)",
                "t.yaml:15: provisioning.numbers[0].number: '4155550100' (expected: an E.164 number: + and 2-15 "
                        + "digits, e.g. \"+14155550100\")",
                "t.yaml:17: provisioning.numbers[2].number: '+14155550100' (expected: a number listed once)");
    }

    @Test
    void fieldsOfCarriersRoutesAndRewritesAreValidated() {
        assertProblems("""
                provisioning:
                  trunks:
                    - name: pbx
                    - name: pbx
                      called_rewrites:
                        - strip: 1
                          prefix: "9"
                        - regex: "("
                  carriers:
                    - name: alpha
                      final_response_codes: [486, 7xx]
                      gateways: []
                  routes:
                    - prefix: "1-415"
                      carrier: alpha
                      colour: red
                      windows:
                        - days: [mon, funday]
                          start: "9am"
                          end: "17:00"
                          time_zone: Mars/Olympus
                """,
                "t.yaml:4: provisioning.trunks[1].name: 'pbx' (expected: a name no other trunk uses)",
                "t.yaml:6: provisioning.trunks[1].called_rewrites[0]: a mapping with several kinds (expected: exactly "
                        + "one of strip, prefix, regex)",
                "t.yaml:8: provisioning.trunks[1].called_rewrites[1].regex: '(' (expected: a Java regular expression "
                        + "(Unclosed group))",
                "t.yaml:12: provisioning.carriers[0].gateways: an empty list (expected: at least one gateway with "
                        + "sip_url)",
                "t.yaml:14: provisioning.routes[0].prefix: '1-415' (expected: up to 15 digits of an E.164 number (a "
                        + "leading + is allowed), \"\" for the default route, or emergency)",
                "t.yaml:16: provisioning.routes[0].colour: unknown key 'colour' (expected: one of action, carrier, "
                        + "name, prefix, priority, sid, trunk, weight, windows)",
                "t.yaml:18: provisioning.routes[0].windows[0].days[1]: 'funday' (expected: a day: mon, tue, wed, thu, "
                        + "fri, sat or sun (or monday...sunday))",
                "t.yaml:19: provisioning.routes[0].windows[0].start: '9am' (expected: a time HH:MM, 24-hour, e.g. 09:00)",
                "t.yaml:21: provisioning.routes[0].windows[0].time_zone: 'Mars/Olympus' (expected: a time zone id, "
                        + "e.g. America/New_York, Europe/London or UTC)");
    }

    @Test
    void aProvisioningCheckReportsEachProblemAtTheLineOfTheKeyItNames() throws Exception {
        ConfigLoader checked = loader.withProvisioningCheck(config -> List.of(
                new io.softswitch.config.provisioning.ProvisioningProblem("carriers[0].gateways[1].sip_url", "alpha",
                        "'sips:gw'", "sip:"),
                new io.softswitch.config.provisioning.ProvisioningProblem("trunks[0].default_region", "pbx", "'US'",
                        "a region with a plan")));
        String yaml = """
                provisioning:
                  trunks:
                    - name: pbx
                  carriers:
                    - name: alpha
                      gateways:
                        - sip_url: "sip:gw1"
                        - sip_url: "sips:gw"
                """;
        assertThatThrownBy(() -> checked.parse("t.yaml", yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                        e.problems().stream().map(ConfigProblem::toString).toList()).containsExactly(
                                "t.yaml:8: provisioning.carriers[0].gateways[1].sip_url: 'sips:gw' (expected: sip:)",
                                // absent key: the line of the nearest node that exists (the trunk)
                                "t.yaml:3: provisioning.trunks[0].default_region: 'US' (expected: a region with a plan)"));
        assertThat(loader.parse("t.yaml", yaml).provisioning().carriers()).hasSize(1);
    }

    private void assertProblems(String yaml, String... expected) {
        assertThatThrownBy(() -> loader.parse("t.yaml", yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                        e.problems().stream().map(ConfigProblem::toString).toList())
                        .containsExactlyInAnyOrderElementsOf(List.of(expected)));
    }
}
