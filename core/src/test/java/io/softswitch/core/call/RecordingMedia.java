package io.softswitch.core.call;

import io.softswitch.media.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * A media bridge that rewrites nothing but records every offer and answer as {@code offer A x}
 * and returns {@code relayed(x)}, so a test sees which SDP went where. SDP {@code bad} is refused
 * with 488, as unusable SDP is.
 */
final class RecordingMedia implements MediaBridge {
    final List<String> log = new ArrayList<>();
    int opened;
    int closed;

    @Override
    public Session open(String label, boolean latchA, boolean latchB, Runnable onTimeout) {
        opened++;
        return new Session() {
            private boolean open = true;

            @Override
            public String offer(Side from, String sdp) throws MediaException {
                return apply("offer", from, sdp);
            }

            @Override
            public String answer(Side from, String sdp) throws MediaException {
                return apply("answer", from, sdp);
            }

            @Override
            public void encryption(Side leg, io.softswitch.media.MediaEncryption encryption) {
                if (encryption != io.softswitch.media.MediaEncryption.NONE) {
                    log.add("encryption " + leg + " " + encryption);
                }
            }

            private String apply(String what, Side from, String sdp) throws MediaException {
                log.add(what + " " + from + " " + sdp);
                if (sdp.equals("bad")) {
                    throw new MediaException(io.softswitch.sip.SipStatus.NOT_ACCEPTABLE_HERE, "unusable SDP");
                }
                return "relayed(" + sdp + ")";
            }

            @Override
            public MediaSummary close() {
                if (open) {
                    open = false;
                    closed++;
                }
                return MediaSummary.NONE;
            }
        };
    }
}
