package io.softswitch.trunking.health;

/** What the router asks about gateways; {@link GatewayHealthBoard} answers it. */
@FunctionalInterface
public interface GatewayStatus {
    /** Every gateway up. */
    GatewayStatus ALL_UP = id -> false;

    boolean isDown(GatewayId id);
}
