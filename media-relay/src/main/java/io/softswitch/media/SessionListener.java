package io.softswitch.media;

import java.time.Duration;

/**
 * Session events for the call engine. Called on the session's media event loop thread: return
 * quickly and never block (hand work to the engine's own executor).
 */
public interface SessionListener {
    SessionListener NONE = new SessionListener() {
    };

    /**
     * No RTP or RTCP arrived from either leg for the configured RTP timeout. Called again after
     * every further timeout period of silence until the session closes, so an engine that ignores
     * it while a call is still ringing hears it again once the call is answered; the engine hangs
     * up both legs and closes the session.
     */
    default void rtpTimeout(MediaSession session, Duration silence) {
    }

    /** A DTMF digit started or ended (RFC 4733). */
    default void dtmf(MediaSession session, DtmfEvent event) {
    }
}
