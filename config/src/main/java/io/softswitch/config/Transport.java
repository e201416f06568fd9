package io.softswitch.config;

/** SIP transports the daemon can listen on. TLS is not offered yet. */
public enum Transport {
    UDP,
    TCP
}
