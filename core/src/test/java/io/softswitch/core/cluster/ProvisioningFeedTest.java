package io.softswitch.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProvisioningFeedTest {
    private final NodeId a = new NodeId("a");

    @Test
    void payloadNamesTheNodeAndTheSids() {
        String p = ProvisioningFeed.payload(a, new LinkedHashSet<>(java.util.List.of("TK1", "AL2")));
        assertThat(p).isEqualTo("{\"node\":\"a\",\"sids\":[\"TK1\",\"AL2\"]}");
        assertThat(ProvisioningFeed.origin(p)).isEqualTo("a");
    }

    @Test
    void tooManySidsForOneNotificationSayAll() {
        Set<String> many = new LinkedHashSet<>();
        for (int i = 0; i < 1000; i++) {
            many.add(String.format("TK%032x", i));
        }
        String p = ProvisioningFeed.payload(a, many);
        assertThat(p).isEqualTo("{\"node\":\"a\",\"all\":true}");
        assertThat(p.length()).isLessThan(8000);
    }

    @Test
    void unreadablePayloadCountsAsAnotherNodesChange() {
        assertThat(ProvisioningFeed.origin("not json")).isEmpty();
        assertThat(ProvisioningFeed.origin("{}")).isEmpty();
    }
}
