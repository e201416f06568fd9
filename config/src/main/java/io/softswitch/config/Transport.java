package io.softswitch.config;

/** SIP transports the daemon can listen on. */
public enum Transport {
    UDP,
    TCP,
    /** SIP over TLS (RFC 3261 §26.2.1, {@code sips:}); default port 5061. */
    TLS
}
