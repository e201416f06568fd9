package io.softswitch.core.call;

import io.softswitch.media.Side;

/**
 * Media that bypasses the relay: SDP passes unchanged, so RTP flows end to end. The daemon uses it
 * with {@code media.mode: bypass} (signalling-only deployments, load tests); tests of the SIP path
 * use it too.
 */
public final class DirectMedia implements MediaBridge {
    @Override
    public Session open(String label, boolean latchA, boolean latchB, Runnable onTimeout) {
        return new Session() {
            @Override
            public String offer(Side from, String sdp) throws MediaException {
                return check(sdp);
            }

            @Override
            public String answer(Side from, String sdp) throws MediaException {
                return check(sdp);
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
