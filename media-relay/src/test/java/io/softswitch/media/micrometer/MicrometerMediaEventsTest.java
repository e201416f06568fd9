package io.softswitch.media.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.softswitch.media.Side;
import io.softswitch.media.MediaRelay;
import io.softswitch.media.MediaSession;
import io.softswitch.media.SessionListener;
import io.softswitch.media.SessionOptions;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import org.junit.jupiter.api.Test;

class MicrometerMediaEventsTest {

    @Test
    void relayedAndDroppedPacketsSessionsAndLatencyShowInTheRegistry() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MediaRelay relay = MediaRelay.start(TestRelays.loopback(8), new MicrometerMediaEvents(registry));
                RtpPeer pbx = new RtpPeer(); RtpPeer carrier = new RtpPeer()) {
            MediaSession session = relay.createSession("m", SessionOptions.DEFAULT, SessionListener.NONE);
            assertThat(registry.get("media.sessions.active").gauge().value()).isEqualTo(1);
            assertThat(registry.get("media.ports.in_use").gauge().value()).isEqualTo(4);
            session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
            pbx.send(RtpPeer.pcmu(1, 1), session.localRtpPort(Side.A));
            carrier.receive();
            pbx.send(new byte[] {1, 2, 3}, session.localRtpPort(Side.A));
            await().until(() -> registry.get("media.drops").tag("reason", "malformed").counter().count() == 1);
            assertThat(registry.get("media.packets").tags("leg", "a", "kind", "rtp").counter().count()).isEqualTo(1);
            assertThat(registry.get("media.bytes").tags("leg", "a", "kind", "rtp").counter().count()).isEqualTo(172);
            assertThat(registry.get("media.relay.latency").summary().count()).isEqualTo(1);
            assertThat(registry.get("media.relay.latency").summary().getId().getBaseUnit()).isEqualTo("microseconds");
            session.close();
            assertThat(registry.get("media.sessions.active").gauge().value()).isZero();
        }
        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
            assertThat(meter.getId().getName()).matches("[a-z_.]+");
        }
    }

    @Test
    void latencyIsSampledOnTheFirstAndEverySixteenthPacketWhileEveryPacketIsCounted() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MediaRelay relay = MediaRelay.start(TestRelays.loopback(8), new MicrometerMediaEvents(registry));
                RtpPeer pbx = new RtpPeer(); RtpPeer carrier = new RtpPeer()) {
            MediaSession session = relay.createSession("s", SessionOptions.DEFAULT, SessionListener.NONE);
            session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
            for (int seq = 1; seq <= 33; seq++) {
                pbx.send(RtpPeer.pcmu(seq, 1), session.localRtpPort(Side.A));
                carrier.receive();
            }
            // the relay counts a packet after sending it: the carrier may see the last one first
            await().until(() -> registry.get("media.packets").tags("leg", "a", "kind", "rtp").counter().count() == 33);
            // packets 1, 17 and 33
            assertThat(registry.get("media.relay.latency").summary().count()).isEqualTo(3);
            session.close();
        }
    }
}
