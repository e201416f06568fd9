package io.softswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    private final ConfigLoader loader = new ConfigLoader(name -> null);

    @Test
    void singleNodeByDefault() throws Exception {
        assertThat(loader.parse("e.yaml", "").cluster()).isEqualTo(ClusterConfig.DEFAULT);
        assertThat(new ConfigLoader(name -> null).load(Path.of("softswitch.yaml")).cluster())
                .as("the reference config documents the defaults").isEqualTo(ClusterConfig.DEFAULT);
    }

    @Test
    void nodeOnPostgresFollowsOtherNodesBehindTrustedFronts() throws Exception {
        ClusterConfig c = loader.parse("c.yaml", """
                storage:
                  url: jdbc:postgresql://127.0.0.1:5432/softswitch
                cluster:
                  node_id: node-1.eu
                  shared_provisioning: true
                  trusted_fronts: [192.0.2.10, "2001:db8::5"]
                """).cluster();
        assertThat(c).isEqualTo(new ClusterConfig("node-1.eu", true, List.of("192.0.2.10", "2001:db8::5")));
    }

    @Test
    void sharedProvisioningOnTheEmbeddedDatabaseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> loader.parse("h2.yaml", """
                cluster:
                  shared_provisioning: true
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("h2.yaml:2: cluster.shared_provisioning: true (expected: false with the embedded H2"
                        + " database: nodes share provisioning only through PostgreSQL");
        assertThatThrownBy(() -> loader.parse("h2file.yaml", """
                storage:
                  url: jdbc:h2:file:/tmp/x
                cluster:
                  shared_provisioning: true
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("h2file.yaml:4: cluster.shared_provisioning")
                .hasMessageContaining("H2 cannot be shared nor notify other nodes");
    }

    @Test
    void badNodeIdAndHostNamesAsFrontsAreRefusedAtTheirLine() {
        assertThatThrownBy(() -> loader.parse("bad.yaml", """
                cluster:
                  node_id: "node one"
                  trusted_fronts: [kamailio.example.com, 300.1.1.1]
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yaml:2: cluster.node_id: 'node one' (expected: 1-63 letters")
                .hasMessageContaining("bad.yaml:3: cluster.trusted_fronts[0]: 'kamailio.example.com' (expected: an IP"
                        + " address (not a host name))")
                .hasMessageContaining("cluster.trusted_fronts[1]: '300.1.1.1'");
    }
}
