package io.softswitch.media.testing;

import io.softswitch.media.MediaRelaySettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Relay settings on loopback with a random even port window in 40000-59999, away from other tests. */
public final class TestRelays {
    private TestRelays() {
    }

    public static MediaRelaySettings loopback(int ports) {
        int base = 40000 + 2 * ThreadLocalRandom.current().nextInt(0, (20000 - ports) / 2);
        return MediaRelaySettings.defaults(InetAddress.getLoopbackAddress())
                .withPorts(base, base + ports - 1)
                .withPortQuarantine(Duration.ZERO)
                .withEventLoopThreads(2);
    }
}
