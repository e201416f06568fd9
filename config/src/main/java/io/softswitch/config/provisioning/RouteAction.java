package io.softswitch.config.provisioning;

/** What a matching dial-plan entry does. */
public enum RouteAction {
    ROUTE,
    /** Reject with {@code 403}. */
    BLOCK
}
