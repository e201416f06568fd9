package io.softswitch.trunking;

import java.util.Objects;

/**
 * A carrier gateway or a trunk origination URL as compiled into a snapshot: its address parsed
 * once ({@link SipTarget}), its order among its siblings and whether it is in use.
 *
 * @param name     its key: a gateway's SID, else its name, else its SIP URL as written (an origination
 *                 URL: its name, else its SIP URL); the key of gateway health and of records
 * @param address  where INVITEs go
 * @param priority lower is tried first
 * @param weight   share among equal priorities
 */
public record SipDestination(String name, SipTarget address, int priority, int weight, boolean enabled) {
    public SipDestination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }
}
