package io.softswitch.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.softswitch.media.testing.TestRelays;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer through the public API: any body given to {@link MediaSession#offer} and then
 * {@link MediaSession#answer} yields {@link SdpResult.Rewritten} or {@link SdpResult.Rejected}
 * with a reason, never an exception, on a real relay. Seeds (the SIPp scenarios' SDPs and this
 * module's) in {@code src/test/resources/io/softswitch/media/MediaSessionSdpFuzzTestInputs/offerAndAnswer/}.
 */
class MediaSessionSdpFuzzTest {
    private static MediaRelay relay;

    @BeforeAll
    static void start() throws Exception {
        relay = MediaRelay.start(TestRelays.loopback(8), MediaEvents.NONE);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @FuzzTest(maxDuration = "30s")
    void offerAndAnswer(byte[] input) throws Exception {
        String sdp = new String(input, StandardCharsets.UTF_8);
        MediaSession session = relay.createSession("fuzz", SessionOptions.DEFAULT, new SessionListener() { });
        try {
            check(session.offer(Side.A, sdp));
            check(session.answer(Side.B, sdp));
            check(session.offer(Side.B, sdp)); // a re-offer from the other side
        } finally {
            session.close();
        }
    }

    private static void check(SdpResult r) {
        assertThat(r).isNotNull();
        if (r instanceof SdpResult.Rejected rejected) {
            assertThat(rejected.reason()).isNotBlank();
        } else {
            assertThat(((SdpResult.Rewritten) r).sdp()).contains("c=IN IP4 127.0.0.1");
        }
    }
}
