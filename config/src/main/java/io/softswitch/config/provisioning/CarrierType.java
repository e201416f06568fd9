package io.softswitch.config.provisioning;

/** What is behind a carrier's gateways. */
public enum CarrierType {
    /** A real upstream SIP trunk. */
    SIP,
    /** The built-in simulated carrier (a SIP UAS inside the daemon). */
    SIMULATOR
}
