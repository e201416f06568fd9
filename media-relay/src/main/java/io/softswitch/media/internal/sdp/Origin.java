package io.softswitch.media.internal.sdp;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code o=} line the relay uses towards one leg: a fixed session id and a version that
 * increments each time the SDP body sent to that leg changes (RFC 3264 section 8: "the version
 * MUST be incremented" on a change and kept when the offer is unchanged). Not thread-safe: owned
 * by the session's event loop.
 */
public final class Origin {
    private final long sessionId = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 52);
    private int version;
    private String lastBody;

    public long sessionId() {
        return sessionId;
    }

    /** The version for a body; a new one when it differs from the previous body. */
    int versionFor(String body) {
        if (lastBody == null || !lastBody.equals(body)) {
            version++;
            lastBody = body;
        }
        return version;
    }
}
