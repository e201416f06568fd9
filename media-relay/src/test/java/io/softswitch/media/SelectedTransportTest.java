package io.softswitch.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.testing.TestRelays;
import org.junit.jupiter.api.Test;

/**
 * The relay runs on the transport named by {@code -Dsoftswitch.media.transport} (epoll when unset): the
 * bench's A/B and the test run on the jdk transport (media-relay/pom.xml) rely on it.
 */
class SelectedTransportTest {

    @Test
    void relayRunsOnTheTransportTheSystemPropertyNames() {
        String expected = System.getProperty("softswitch.media.transport", "epoll");
        MediaRelay relay = MediaRelay.start(TestRelays.loopback(4), MediaEvents.NONE);
        try {
            assertThat(relay.transport()).isEqualTo(expected);
        } finally {
            relay.close();
        }
    }
}
