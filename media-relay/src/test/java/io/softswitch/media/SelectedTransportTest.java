package io.softswitch.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.testing.TestRelays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The relay runs on its settings' transport ({@code media.transport}, jdk by default) unless the system
 * property {@code softswitch.media.transport} names another: the bench's A/B and the test run on the
 * epoll transport (media-relay/pom.xml) rely on the override.
 */
class SelectedTransportTest {
    private static final String OVERRIDE = System.getProperty("softswitch.media.transport", "");

    @Test
    void theDefaultIsJdkUnlessOverridden() {
        assertThat(MediaRelaySettings.DEFAULT_TRANSPORT).isEqualTo(MediaTransport.JDK);
        assertThat(transportOf(TestRelays.loopback(4))).isEqualTo(OVERRIDE.isEmpty() ? "jdk" : OVERRIDE);
    }

    @Test
    void theSettingsTransportIsUsedUnlessOverridden() {
        for (MediaTransport t : new MediaTransport[] {MediaTransport.NIO, MediaTransport.EPOLL, MediaTransport.JDK}) {
            String expected = OVERRIDE.isEmpty() ? t.name().toLowerCase(Locale.ROOT) : OVERRIDE;
            assertThat(transportOf(TestRelays.loopback(4).withTransport(t))).isEqualTo(expected);
        }
    }

    private static String transportOf(MediaRelaySettings settings) {
        MediaRelay relay = MediaRelay.start(settings, MediaEvents.NONE);
        try {
            return relay.transport();
        } finally {
            relay.close();
        }
    }
}
