package io.softswitch.media.internal.sdp;

/** Malformed or unacceptable SDP; the message is the reason given to the call engine (488). */
public final class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message, null, false, false);
    }
}
