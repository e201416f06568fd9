package io.softswitch.config.provisioning;

import java.util.List;
import java.util.Objects;

/**
 * An upstream PSTN provider trunk.
 *
 * @param sid                  {@code BY...} when stored
 * @param name                 friendly name, unique (the YAML key and what routes refer to)
 * @param type                 real SIP trunk or the built-in simulator
 * @param numberFormat         how it wants numbers written
 * @param techPrefix           prepended to the called number, e.g. {@code 1234#}; empty for none
 * @param username             digest user sent when it challenges us; empty for none
 * @param password             digest password sent when it challenges us (never logged)
 * @param cpsLimit             calls per second we send it, 0 = unlimited
 * @param concurrentCallLimit  simultaneous calls we send it, 0 = unlimited
 * @param probeIntervalSeconds OPTIONS health probe interval, 0 = off
 * @param failoverTimeoutMs    no final response within this long moves to the next gateway (default 4000)
 * @param finalResponseCodes   codes that stop failover; entries like {@code 486} or classes {@code 6xx}
 * @param gateways             its SIP addresses
 * @param inboundIps           CIDRs it sends inbound (origination) calls from
 * @param calledRewrites       rewrites of the called number sent to it
 * @param callingRewrites      rewrites of the caller ID sent to it
 * @param mediaEncryption      SRTP towards it: {@code NONE} (plain RTP) or {@code SDES} (mandatory SRTP)
 */
public record Carrier(String sid, String name, CarrierType type, NumberFormat numberFormat, String techPrefix,
        String username, String password, int cpsLimit, int concurrentCallLimit, int probeIntervalSeconds,
        int failoverTimeoutMs, List<String> finalResponseCodes, List<Gateway> gateways, List<String> inboundIps,
        List<RewriteRule> calledRewrites, List<RewriteRule> callingRewrites, MediaEncryption mediaEncryption) {

    /** Twilio-like default: stop on success and on answers that another gateway would repeat. */
    public static final List<String> DEFAULT_FINAL_RESPONSE_CODES =
            List.of("2xx", "400", "404", "405", "410", "416", "482", "484", "486", "6xx");
    public static final int DEFAULT_FAILOVER_TIMEOUT_MS = 4000;

    public Carrier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(numberFormat, "numberFormat");
        Objects.requireNonNull(mediaEncryption, "mediaEncryption");
        finalResponseCodes = List.copyOf(finalResponseCodes);
        gateways = List.copyOf(gateways);
        inboundIps = List.copyOf(inboundIps);
        calledRewrites = List.copyOf(calledRewrites);
        callingRewrites = List.copyOf(callingRewrites);
    }

    /** A carrier with plain RTP media ({@link MediaEncryption#NONE}). */
    public Carrier(String sid, String name, CarrierType type, NumberFormat numberFormat, String techPrefix,
            String username, String password, int cpsLimit, int concurrentCallLimit, int probeIntervalSeconds,
            int failoverTimeoutMs, List<String> finalResponseCodes, List<Gateway> gateways, List<String> inboundIps,
            List<RewriteRule> calledRewrites, List<RewriteRule> callingRewrites) {
        this(sid, name, type, numberFormat, techPrefix, username, password, cpsLimit, concurrentCallLimit,
                probeIntervalSeconds, failoverTimeoutMs, finalResponseCodes, gateways, inboundIps, calledRewrites,
                callingRewrites, MediaEncryption.NONE);
    }

    /** What routing, limits and records know this carrier by: its SID, else (YAML read alone) its name. */
    public String key() {
        return sid != null ? sid : name;
    }

    @Override
    public String toString() {
        return "Carrier[sid=" + sid + ", name=" + name + ", type=" + type + ", gateways=" + gateways
                + ", mediaEncryption=" + mediaEncryption + "]";
    }
}
