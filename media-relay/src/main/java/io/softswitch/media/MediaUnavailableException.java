package io.softswitch.media;

/**
 * A session could not be created: the port range is exhausted (every pair in use or in
 * quarantine) or ports could not be bound. The call engine answers {@code 503 Service
 * Unavailable}.
 */
public final class MediaUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public MediaUnavailableException(String message) {
        super(message);
    }
}
