package io.softswitch.config.tls;

/** A PEM file that cannot be used: unreadable, not PEM, or a key that does not match its certificate. */
public final class PemException extends Exception {
    private static final long serialVersionUID = 1L;

    public PemException(String message) {
        super(message);
    }
}
