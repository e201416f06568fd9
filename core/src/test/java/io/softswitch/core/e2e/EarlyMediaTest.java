package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Early media (RFC 3960): a carrier's 183 with SDP reaches the PBX as 183 with SDP that points at
 * the relay, so ringback and announcements flow through it like the call's media.
 */
class EarlyMediaTest {
    private static final Pattern AUDIO_PORT = Pattern.compile("(?m)^m=audio (\\d+) ");
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)");

    @Test
    void carrier183WithSdpReachesThePbxAs183PointingAtTheRelayThen200() throws Exception {
        int gw = FreePorts.udpAndTcp();
        int carrierMedia = FreePorts.sippMedia();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-early-media.xml").localPort(gw)
                        .arg("-mp", Integer.toString(carrierMedia)).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("200 OK");
            Sipp.Result uas = carrier.await();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            // What the carrier offered as its early media address: its own port.
            Sipp.Message sent183 = uas.sent().stream().filter(m -> m.status() == 183).findFirst().orElseThrow();
            assertThat(port(sent183)).isEqualTo(carrierMedia);

            List<Sipp.Message> got183 = pbx.receivedResponses(183);
            assertThat(got183).as(pbx.toString()).isNotEmpty();
            Sipp.Message early = got183.get(0);
            assertThat(early.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/sdp"));
            assertThat(connection(early)).isEqualTo("127.0.0.1"); // the relay's advertised address
            assertThat(port(early)).isNotEqualTo(carrierMedia).isBetween(d.mediaPortMin, d.mediaPortMax);
            // The 200 follows and points at the same relay port the early media used.
            Sipp.Message answer = pbx.receivedResponses(200).get(0);
            assertThat(port(answer)).isEqualTo(port(early));
            assertThat(pbx.messages().indexOf(early)).isLessThan(pbx.messages().indexOf(answer));
            d.awaitCalls("completed", 1);
        }
    }

    private static int port(Sipp.Message m) {
        Matcher p = AUDIO_PORT.matcher(m.body());
        assertThat(p.find()).as("m=audio in %s", m.text()).isTrue();
        return Integer.parseInt(p.group(1));
    }

    private static String connection(Sipp.Message m) {
        Matcher c = CONNECTION.matcher(m.body());
        assertThat(c.find()).as("c= in %s", m.text()).isTrue();
        return c.group(1);
    }
}
