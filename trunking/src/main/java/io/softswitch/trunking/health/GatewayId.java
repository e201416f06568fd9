package io.softswitch.trunking.health;

import java.util.Objects;

/** A carrier gateway, by carrier name and gateway name. */
public record GatewayId(String carrier, String gateway) {
    public GatewayId {
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public String toString() {
        return carrier + "/" + gateway;
    }
}
