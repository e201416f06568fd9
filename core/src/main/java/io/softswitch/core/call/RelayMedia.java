package io.softswitch.core.call;

import io.softswitch.media.Side;
import io.softswitch.media.LatchingMode;
import io.softswitch.media.MediaRelay;
import io.softswitch.media.MediaSession;
import io.softswitch.media.MediaStats;
import io.softswitch.media.MediaUnavailableException;
import io.softswitch.media.SdpResult;
import io.softswitch.media.SessionListener;
import io.softswitch.media.SessionOptions;
import io.softswitch.media.StreamStats;
import java.time.Duration;

/**
 * Media through the RTP relay: every SDP either side receives points at the relay. Leg A is the
 * caller's side, B the callee's. Latching follows the trunk's symmetric-RTP setting; otherwise
 * only to the signalled IP (hijack protection).
 */
public final class RelayMedia implements MediaBridge {
    private final MediaRelay relay;

    public RelayMedia(MediaRelay relay) {
        this.relay = relay;
    }

    @Override
    public Session open(String label, boolean latchA, boolean latchB, Runnable onTimeout) throws MediaException {
        SessionOptions options = new SessionOptions(latchA ? LatchingMode.NAT : LatchingMode.SIGNALLED_IP,
                latchB ? LatchingMode.NAT : LatchingMode.SIGNALLED_IP);
        MediaSession s;
        try {
            s = relay.createSession(label, options, new SessionListener() {
                @Override
                public void rtpTimeout(MediaSession session, Duration silence) {
                    onTimeout.run();
                }
            });
        } catch (MediaUnavailableException e) {
            throw new MediaException(io.softswitch.sip.SipStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
        return new Session() {
            @Override
            public String offer(Side from, String sdp) throws MediaException {
                return result(s.offer(from, sdp));
            }

            @Override
            public String answer(Side from, String sdp) throws MediaException {
                return result(s.answer(from, sdp));
            }

            @Override
            public LiveMedia live() {
                MediaStats stats = s.stats();
                return new LiveMedia(leg(stats.a().received()), leg(stats.b().received()), stats.relayLatency());
            }

            @Override
            public void encryption(Side leg, io.softswitch.media.MediaEncryption encryption) {
                s.encryption(leg, encryption);
            }

            @Override
            public io.softswitch.media.CallRecording record(io.softswitch.media.RecordingOptions o)
                    throws java.io.IOException {
                try {
                    return s.startRecording(o);
                } catch (IllegalStateException e) {
                    throw new java.io.IOException(e.getMessage(), e);
                }
            }

            @Override
            public MediaSummary close() {
                MediaStats stats = s.close();
                StreamStats fromA = stats.a().received();
                StreamStats fromB = stats.b().received();
                double mos = Math.min(fromA.packets() > 0 ? fromA.mos() : 5, fromB.packets() > 0 ? fromB.mos() : 5);
                return new MediaSummary(fromA.packets(), fromB.packets(), fromA.lost() + fromB.lost(),
                        Math.max(fromA.jitterMillis(), fromB.jitterMillis()),
                        fromA.packets() + fromB.packets() == 0 ? 0 : mos,
                        stats.a().encrypted() ? stats.a().srtp().sdpName() : null,
                        stats.b().encrypted() ? stats.b().srtp().sdpName() : null, stats.relayLatency());
            }
        };
    }

    private static LiveMedia.Leg leg(StreamStats s) {
        return new LiveMedia.Leg(s.packets(), s.lost(), 100 * s.lossRatio(), s.jitterMillis(), s.packets() > 0 ? s.mos() : 0);
    }

    private static String result(SdpResult r) throws MediaException {
        if (r instanceof SdpResult.Rewritten w) {
            return w.sdp();
        }
        throw new MediaException(io.softswitch.sip.SipStatus.NOT_ACCEPTABLE_HERE, ((SdpResult.Rejected) r).reason());
    }
}
