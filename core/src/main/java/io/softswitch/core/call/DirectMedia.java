package io.softswitch.core.call;

import io.softswitch.media.MediaEncryption;
import io.softswitch.media.Side;
import java.util.EnumMap;
import java.util.Map;

/**
 * Media that bypasses the relay: SDP passes unchanged, so RTP flows end to end. The daemon uses it
 * with {@code media.mode: bypass} (signalling-only deployments, load tests); tests of the SIP path
 * use it too. SRTP, if any, is end to end as well: the switch cannot add it, so a leg that must use
 * SDES only has its SDP checked for an {@code a=crypto} line.
 */
public final class DirectMedia implements MediaBridge {
    @Override
    public Session open(String label, boolean latchA, boolean latchB, Runnable onTimeout) {
        Map<Side, MediaEncryption> required = new EnumMap<>(Side.class);
        return new Session() {
            @Override
            public String offer(Side from, String sdp) throws MediaException {
                return check(from, sdp);
            }

            @Override
            public String answer(Side from, String sdp) throws MediaException {
                return check(from, sdp);
            }

            @Override
            public void encryption(Side leg, MediaEncryption encryption) {
                required.put(leg, encryption);
            }

            private String check(Side from, String sdp) throws MediaException {
                String body = DirectMedia.check(sdp);
                if (required.get(from) == MediaEncryption.SDES && !body.contains("\na=crypto:")) {
                    throw new MediaException(io.softswitch.sip.SipStatus.NOT_ACCEPTABLE_HERE,
                            "sdp: no a=crypto (expected: SRTP with SDES keys on this leg)");
                }
                return body;
            }

            @Override
            public MediaSummary close() {
                return MediaSummary.NONE;
            }
        };
    }

    private static String check(String sdp) throws MediaException {
        if (sdp == null || !sdp.startsWith("v=0")) {
            throw new MediaException(io.softswitch.sip.SipStatus.NOT_ACCEPTABLE_HERE, "not an SDP body");
        }
        return sdp;
    }
}
