package io.softswitch.media.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaRelaySettings;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark relay's ng control protocol answers bad requests with an error, as rtpengine does. */
class RelayNgServerTest {
    private RelayNgServer server;

    @BeforeEach
    void start() throws Exception {
        // Below the kernel's ephemeral range (32768-60999 by default): a port there can be any
        // process's outgoing socket at the moment (a clean-clone run once failed with "Address already in use").
        int portMin = 21000 + 2 * ThreadLocalRandom.current().nextInt(0, 4000);
        server = new RelayNgServer(MediaRelaySettings.defaults(InetAddress.getLoopbackAddress())
                .withPorts(portMin, portMin + 3).withPortQuarantine(Duration.ZERO), MediaEvents.NONE, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String handle(String request) {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        return new String(server.handle(bytes, bytes.length), StandardCharsets.UTF_8);
    }

    @Test
    void pingIsAnsweredWithPongAndTheCookie() {
        assertThat(handle("abc d7:command4:pinge")).isEqualTo("abc d6:result4:ponge");
    }

    @Test
    void malformedBencodeIsAnErrorNotACrash() {
        assertThat(handle("c1 d7:command")).startsWith("c1 d6:result5:error12:error-reason")
                .contains("bencode: truncated");
        assertThat(handle("c2 d7:command99:pinge")).contains("past the end");
        assertThat(handle("c3 li1ee")).contains("not a dictionary");
        assertThat(handle("nocookie")).startsWith("error ng: no cookie");
    }

    @Test
    void unknownCommandsAndCallsAreErrors() {
        assertThat(handle("c1 d7:command5:hello")).contains("truncated");
        assertThat(handle("c1 d7:command5:helloe")).contains("Unrecognized command: hello");
        assertThat(handle("c2 d7:command6:delete7:call-id1:xe")).contains("Unknown call-id");
        assertThat(handle("c3 d7:command5:offer7:call-id1:x8:from-tag1:a3:sdp3:v=0e"))
                .contains("result5:error");
    }

    @Test
    void anOfferBeyondThePortRangeIsRefused() {
        String sdp = Target.sdp(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 5000), 1);
        String first = handle("c1 d7:command5:offer7:call-id1:x8:from-tag1:a3:sdp" + sdp.length() + ":" + sdp + "e");
        assertThat(first).contains("result2:ok").contains("m=audio ");
        String second = handle("c2 d7:command5:offer7:call-id1:y8:from-tag1:a3:sdp" + sdp.length() + ":" + sdp + "e");
        assertThat(second).contains("result5:error").contains("no free port pair");
    }
}
