package io.softswitch.media.internal.relay;

import static io.softswitch.media.testing.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaRelaySettings;
import io.softswitch.media.MediaSession;
import io.softswitch.media.SessionListener;
import io.softswitch.media.SessionOptions;
import io.softswitch.media.Side;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Relay sockets bound as {@code media.bind_address} says, on every transport: the IPv6 wildcard
 * serves IPv4 peers (dual-stack), IPv6 loopback serves IPv6 peers; and the jdk transport's sockets
 * get the relay's receive buffer.
 */
class RelaySocketAddressTest {

    static Stream<Transport> transports() {
        return Stream.of(Transport.best(), Transport.nio(), Transport.jdk());
    }

    private static MediaRelaySettings boundTo(String address) throws Exception {
        MediaRelaySettings loopback = TestRelays.loopback(20);
        return MediaRelaySettings.defaults(InetAddress.getByName(address))
                .withPorts(loopback.portMin(), loopback.portMax())
                .withEventLoopThreads(1);
    }

    private static String audioIp6(String ip, int port) {
        return Sdps.audio(ip, port).replace("IN IP4", "IN IP6");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void relayBoundToTheIpv6WildcardRelaysIpv4Peers(Transport transport) throws Exception {
        DatagramRelay relay = new DatagramRelay(boundTo("::"), MediaEvents.NONE, transport);
        try (RtpPeer pbx = new RtpPeer(); RtpPeer carrier = new RtpPeer()) {
            MediaSession session = relay.createSession("v4", SessionOptions.DEFAULT, SessionListener.NONE);
            session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));

            pbx.send(pcmu(1, 0xA), session.localRtpPort(Side.A));
            RtpPeer.Received received = carrier.receive();
            assertThat(received.sequence()).isEqualTo(1);
            assertThat(received.from().getPort()).isEqualTo(session.localRtpPort(Side.B));
            carrier.send(pcmu(2, 0xB), session.localRtpPort(Side.B));
            assertThat(pbx.receive().sequence()).isEqualTo(2);
            session.close();
        } finally {
            relay.close();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void relayBoundToIpv6LoopbackRelaysIpv6Peers(Transport transport) throws Exception {
        DatagramRelay relay = new DatagramRelay(boundTo("::1"), MediaEvents.NONE, transport);
        try (RtpPeer pbx = new RtpPeer("::1"); RtpPeer carrier = new RtpPeer("::1")) {
            MediaSession session = relay.createSession("v6", SessionOptions.DEFAULT, SessionListener.NONE);
            session.offer(Side.A, audioIp6("::1", pbx.port()));
            session.answer(Side.B, audioIp6("::1", carrier.port()));

            pbx.send(pcmu(1, 0xA), InetAddress.getByName("::1"), session.localRtpPort(Side.A));
            RtpPeer.Received received = carrier.receive();
            assertThat(received.sequence()).isEqualTo(1);
            assertThat(received.from().getAddress()).isEqualTo(InetAddress.getByName("::1"));
            assertThat(received.from().getPort()).isEqualTo(session.localRtpPort(Side.B));
            session.close();
        } finally {
            relay.close();
        }
    }

    @Test
    void jdkSocketsGetTheRelaysReceiveBuffer() throws Exception {
        DatagramRelay relay = new DatagramRelay(TestRelays.loopback(20), MediaEvents.NONE, Transport.jdk());
        try {
            RelaySession session = (RelaySession) relay.createSession("rcvbuf", SessionOptions.DEFAULT,
                    SessionListener.NONE);
            DatagramChannel channel = (DatagramChannel) session.leg(Side.A).jdkRtp.selectableChannel();
            // Linux reports twice what was set (its bookkeeping overhead, socket(7)).
            assertThat(channel.getOption(StandardSocketOptions.SO_RCVBUF))
                    .isBetween(DatagramRelay.RCVBUF, 2 * DatagramRelay.RCVBUF);
            session.close();
        } finally {
            relay.close();
        }
    }
}
