package io.softswitch.config.provisioning;

/** How a trunk treats dialed and calling numbers that are not already E.164. */
public enum NumberNormalization {
    /** Twilio's behaviour: anything but {@code +E.164} is rejected with {@code 400 Invalid Phone Number}. */
    STRICT,
    /** National and international dialing forms become E.164 using the trunk's default region. */
    NORMALIZE
}
