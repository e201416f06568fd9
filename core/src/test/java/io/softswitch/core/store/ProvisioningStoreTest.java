package io.softswitch.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.Provisioning;
import io.softswitch.config.StorageConfig;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.RewriteRule;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.Trunk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying the YAML declaration to the embedded database, and the main-account bootstrap. */
class ProvisioningStoreTest {
    @TempDir
    Path dataDir;

    static final Provisioning DEMO = new Provisioning(
            List.of(new Trunk(null, null, "pbx", "pbx.pstn.example.net", List.of("192.0.2.0/24"),
                    List.of(new Credential("pbx1", "Demo-Passw0rd", null, null)), null, NumberNormalization.NORMALIZE,
                    "US", 10, 100, false, false,
                    List.of(new OriginationUrl("pbx", "sip:192.0.2.5:5060", 10, 10, true)),
                    List.of(new RewriteRule(RewriteRule.Kind.STRIP, null, "1")), List.of())),
            List.of(new Carrier(null, "sim", CarrierType.SIMULATOR, NumberFormat.E164, "", "", "", 0, 0, 0, 4000,
                    Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(new Gateway("gw", "sip:127.0.0.1:5099", 1, 1, true)),
                    List.of("127.0.0.1/32"), List.of(), List.of())),
            List.of(new PhoneNumber(null, null, "+14155550100", "pbx")),
            List.of(new Route(null, "default", "", "sim", 10, 10, null, RouteAction.ROUTE, List.of())));

    private ProvisioningStore open(Store store, Map<String, String> env) {
        String main = Bootstrap.ensureMainAccount(store.jdbc(), dataDir, env::get);
        return new ProvisioningStore(new Rows(store.jdbc()), main);
    }

    @Test
    void applyingTheSameDeclarationTwiceChangesNothingAndKeepsSids() {
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dataDir)) {
            ProvisioningStore p = open(store, Map.of());
            List<Provisioning> seen = new ArrayList<>();
            p.addListener(seen::add);
            p.apply(DEMO);
            Provisioning first = p.current();
            p.apply(DEMO);
            assertThat(p.current()).isEqualTo(first);
            assertThat(seen).hasSize(2);

            Trunk t = first.trunks().get(0);
            assertThat(t.sid()).startsWith("TK");
            assertThat(t.ipAcl()).containsExactly("192.0.2.0/24");
            assertThat(t.calledRewrites()).containsExactly(new RewriteRule(RewriteRule.Kind.STRIP, null, "1"));
            assertThat(t.credentials()).singleElement().satisfies(c -> {
                assertThat(c.password()).isNull();
                assertThat(c.ha1Md5()).isEqualTo(Digest.ha1Md5("pbx1", p.mainAccountSid(), "Demo-Passw0rd"));
            });
            assertThat(first.carriers().get(0).inboundIps()).containsExactly("127.0.0.1/32");
            assertThat(first.carriers().get(0).type()).isEqualTo(CarrierType.SIMULATOR);
            assertThat(first.numbers().get(0).trunk()).isEqualTo(t.sid()); // references are SIDs, names are labels
            assertThat(first.routes().get(0).carrier()).isEqualTo(first.carriers().get(0).sid());
            assertThat(store.jdbc().query("SELECT COUNT(*) FROM credentials", rs -> rs.getInt(1))).containsExactly(1);
        }
    }

    @Test
    void aChangedDeclarationUpdatesInPlace() {
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dataDir)) {
            ProvisioningStore p = open(store, Map.of());
            p.apply(DEMO);
            String sid = p.current().trunks().get(0).sid();
            Trunk old = DEMO.trunks().get(0);
            Trunk changed = new Trunk(null, null, "pbx", old.domainName(), List.of("198.51.100.7/32"), List.of(), null,
                    NumberNormalization.STRICT, null, 1, 2, true, true, List.of(), List.of(), List.of());
            p.apply(new Provisioning(List.of(changed), List.of(), List.of(), List.of()));
            Trunk now = p.current().trunks().get(0);
            assertThat(now.sid()).isEqualTo(sid);
            assertThat(now.ipAcl()).containsExactly("198.51.100.7/32");
            assertThat(now.credentials()).isEmpty();
            assertThat(now.originationUrls()).isEmpty();
            assertThat(now.normalization()).isEqualTo(NumberNormalization.STRICT);
        }
    }

    @Test
    void aRouteToAnUnknownCarrierIsRefusedNamingIt() {
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dataDir)) {
            ProvisioningStore p = open(store, Map.of());
            Provisioning bad = new Provisioning(List.of(), List.of(), List.of(),
                    List.of(new Route(null, "r", "44", "nope", 1, 1, null, RouteAction.ROUTE, List.of())));
            assertThatThrownBy(() -> p.apply(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        }
    }

    @Test
    void bootstrapUsesTheEnvironmentCredentialsAndWritesNoFile() {
        String sid = "AC" + "ab".repeat(16);
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dataDir)) {
            ProvisioningStore p = open(store, Map.of(Bootstrap.ENV_SID, sid, Bootstrap.ENV_TOKEN, "0123456789abcdef0123"));
            assertThat(p.mainAccountSid()).isEqualTo(sid);
            assertThat(dataDir.resolve(Bootstrap.CREDENTIALS_FILE)).doesNotExist();
            assertThat(Bootstrap.ensureMainAccount(store.jdbc(), dataDir, n -> null)).isEqualTo(sid);
        }
    }

    @Test
    void bootstrapRefusesAMalformedAccountSid() {
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dataDir)) {
            assertThatThrownBy(() -> open(store, Map.of(Bootstrap.ENV_SID, "AC123", Bootstrap.ENV_TOKEN, "x".repeat(32))))
                    .hasMessageContaining("SOFTSWITCH_ACCOUNT_SID: AC123");
        }
    }
}
