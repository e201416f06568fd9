package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.trunking.RoutingSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DecoyRealms}: a decoy has the shape of the snapshot's real realms and stays put. */
class DecoyRealmsTest {
    private static final String ACCOUNT_A = "AC" + "a".repeat(32);
    private static final String ACCOUNT_B = "AC" + "b".repeat(32);

    @TempDir
    Path dataDir;

    private static Trunk trunk(String name, String domain, String realm) {
        return new Trunk(null, null, name, domain, List.of(), List.of(new Credential("alice", "s3cret-Pa55", null, null)),
                realm, NumberNormalization.STRICT, "US", 0, 0, false, false, List.of(), List.of(), List.of());
    }

    private static RoutingSnapshot snapshot(Trunk... trunks) {
        return RoutingSnapshot.build(new Provisioning(List.of(trunks), List.of(), List.of(), List.of()));
    }

    @Test
    void oneAccountMeansEveryUnknownHostGetsThatAccountsRealm() throws IOException {
        RoutingSnapshot s = snapshot(trunk("a", "a.pstn.example.net", ACCOUNT_A),
                trunk("b", "b.pstn.example.net", ACCOUNT_A));
        DecoyRealms decoys = DecoyRealms.fromDataDir(dataDir);
        for (String host : List.of("nosuch.pstn.example.net", "127.0.0.1", "x.example.com")) {
            assertThat(decoys.realmFor(host, s)).as(host).isEqualTo(ACCOUNT_A);
        }
    }

    @Test
    void severalAccountsSpreadUnknownHostsOverTheirRealmsStablyPerHost() throws IOException {
        RoutingSnapshot s = snapshot(trunk("a", "a.pstn.example.net", ACCOUNT_A),
                trunk("b", "b.pstn.example.net", ACCOUNT_B));
        DecoyRealms decoys = DecoyRealms.fromDataDir(dataDir);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            String host = "guess" + i + ".pstn.example.net";
            String realm = decoys.realmFor(host, s);
            assertThat(realm).isIn(ACCOUNT_A, ACCOUNT_B);
            assertThat(decoys.realmFor(host.toUpperCase(), s)).as("case-insensitive host").isEqualTo(realm);
            seen.add(realm);
        }
        assertThat(seen).as("both accounts' realms are used").hasSize(2);
    }

    @Test
    void domainNameRealmsMeanTheHostIsTheRealm() throws IOException {
        RoutingSnapshot s = snapshot(trunk("a", "a.pstn.example.net", null), trunk("b", "b.pstn.example.net", null));
        assertThat(DecoyRealms.fromDataDir(dataDir).realmFor("NoSuch.pstn.example.net", s))
                .isEqualTo("nosuch.pstn.example.net");
    }

    @Test
    void withoutTrunksADecoyIsAFakeAccountSidPerHost() throws IOException {
        DecoyRealms decoys = DecoyRealms.fromDataDir(dataDir);
        String one = decoys.realmFor("one.pstn.example.net", RoutingSnapshot.EMPTY);
        String two = decoys.realmFor("two.pstn.example.net", RoutingSnapshot.EMPTY);
        assertThat(List.of(one, two)).allMatch(r -> r.matches("AC[0-9a-f]{32}"));
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void theKeyIsPrivateAndSurvivesARestartSoDecoysDoNotChange() throws IOException {
        RoutingSnapshot s = snapshot(trunk("a", "a.pstn.example.net", ACCOUNT_A),
                trunk("b", "b.pstn.example.net", ACCOUNT_B));
        List<String> hosts = IntStream.range(0, 32).mapToObj(i -> "guess" + i + ".pstn.example.net").toList();
        List<String> before = hosts.stream().map(h -> realm(dataDir, h, s)).toList();
        List<String> fakeBefore = hosts.stream().map(h -> realm(dataDir, h, RoutingSnapshot.EMPTY)).toList();
        assertThat(hosts.stream().map(h -> realm(dataDir, h, s)).toList()).isEqualTo(before);
        assertThat(hosts.stream().map(h -> realm(dataDir, h, RoutingSnapshot.EMPTY)).toList()).isEqualTo(fakeBefore);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(DecoyRealms.KEY_FILE))))
                .isEqualTo("rw-------");
        // Another data directory, another key: the fake SIDs cannot be predicted from outside.
        Path other = dataDir.resolve("other");
        Files.createDirectories(other);
        assertThat(realm(other, "guess0.pstn.example.net", RoutingSnapshot.EMPTY)).isNotEqualTo(fakeBefore.get(0));
    }

    @Test
    void aTruncatedKeyFileIsAClearError() throws IOException {
        Files.write(dataDir.resolve(DecoyRealms.KEY_FILE), new byte[3]);
        assertThatThrownBy(() -> DecoyRealms.fromDataDir(dataDir)).isInstanceOf(IOException.class)
                .hasMessageContaining("decoy-realm.key: 3 bytes (expected: at least 16");
    }

    private static String realm(Path dir, String host, RoutingSnapshot s) {
        try {
            return DecoyRealms.fromDataDir(dir).realmFor(host, s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
