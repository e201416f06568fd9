package io.softswitch.config.provisioning;

/** How a carrier wants numbers written in the Request-URI, From and To it receives. */
public enum NumberFormat {
    /** {@code +14155550100} */
    E164,
    /** {@code 14155550100} */
    E164_WITHOUT_PLUS,
    /** {@code 4155550100} (national significant number with the national prefix where the region uses one) */
    NATIONAL
}
