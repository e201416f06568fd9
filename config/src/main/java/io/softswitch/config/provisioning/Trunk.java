package io.softswitch.config.provisioning;

import java.util.List;
import java.util.Objects;

/**
 * A customer-facing trunk a PBX uses (Twilio Trunk plus our own fields).
 *
 * @param sid                  {@code TK...} when stored; null for a trunk only known from YAML
 * @param name                 friendly name: a label chosen by the tenant, never a key (two accounts may
 *                             both have {@code demo-pbx}); the YAML file names trunks by it
 * @param domainName           Request-URI host identifying the trunk, e.g. {@code acme.pstn.example.net}; may be null
 * @param ipAcl                CIDRs PBXs may send from; empty = no IP restriction
 * @param credentials          digest credentials; empty = no digest
 * @param realm                digest realm (defaults to the domain name or the trunk name)
 * @param normalization        number normalization policy
 * @param defaultRegion        ISO 3166 region for {@code NORMALIZE}, e.g. {@code US}
 * @param cpsLimit             calls per second, 0 = unlimited
 * @param concurrentCallLimit  simultaneous calls, 0 = unlimited
 * @param symmetricRtp         latch RTP to where the PBX actually sends from
 * @param callerIdMustBeOwned  reject {@code 403 Invalid Caller ID} unless the caller ID is a number of this account
 * @param originationUrls      where inbound calls go
 * @param calledRewrites       rewrites of the dialed number before routing
 * @param callingRewrites      rewrites of the caller ID before routing
 * @param secure               Twilio's {@code Secure}: the PBX must use SIP over TLS and SRTP (SDES), and
 *                             origination to it does too
 * @param disasterRecovery     Twilio's {@code DisasterRecoveryUrl}/{@code Method}: the TwiML that takes an
 *                             inbound call when every origination URL failed; null when none
 */
public record Trunk(String sid, String accountSid, String name, String domainName, List<String> ipAcl,
        List<Credential> credentials, String realm, NumberNormalization normalization, String defaultRegion,
        int cpsLimit, int concurrentCallLimit, boolean symmetricRtp, boolean callerIdMustBeOwned,
        List<OriginationUrl> originationUrls, List<RewriteRule> calledRewrites, List<RewriteRule> callingRewrites,
        boolean secure, VoiceWebhooks disasterRecovery) {
    public Trunk {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(normalization, "normalization");
        ipAcl = List.copyOf(ipAcl);
        credentials = List.copyOf(credentials);
        originationUrls = List.copyOf(originationUrls);
        calledRewrites = List.copyOf(calledRewrites);
        callingRewrites = List.copyOf(callingRewrites);
    }

    /** A trunk that is not {@code Secure}, without a disaster recovery URL. */
    public Trunk(String sid, String accountSid, String name, String domainName, List<String> ipAcl,
            List<Credential> credentials, String realm, NumberNormalization normalization, String defaultRegion,
            int cpsLimit, int concurrentCallLimit, boolean symmetricRtp, boolean callerIdMustBeOwned,
            List<OriginationUrl> originationUrls, List<RewriteRule> calledRewrites, List<RewriteRule> callingRewrites) {
        this(sid, accountSid, name, domainName, ipAcl, credentials, realm, normalization, defaultRegion, cpsLimit,
                concurrentCallLimit, symmetricRtp, callerIdMustBeOwned, originationUrls, calledRewrites,
                callingRewrites, false, null);
    }

    /** A trunk without a disaster recovery URL. */
    public Trunk(String sid, String accountSid, String name, String domainName, List<String> ipAcl,
            List<Credential> credentials, String realm, NumberNormalization normalization, String defaultRegion,
            int cpsLimit, int concurrentCallLimit, boolean symmetricRtp, boolean callerIdMustBeOwned,
            List<OriginationUrl> originationUrls, List<RewriteRule> calledRewrites, List<RewriteRule> callingRewrites,
            boolean secure) {
        this(sid, accountSid, name, domainName, ipAcl, credentials, realm, normalization, defaultRegion, cpsLimit,
                concurrentCallLimit, symmetricRtp, callerIdMustBeOwned, originationUrls, calledRewrites,
                callingRewrites, secure, null);
    }

    /** A trunk that is not {@code Secure}. */
    public Trunk(String sid, String accountSid, String name, String domainName, List<String> ipAcl,
            List<Credential> credentials, String realm, NumberNormalization normalization, String defaultRegion,
            int cpsLimit, int concurrentCallLimit, boolean symmetricRtp, boolean callerIdMustBeOwned,
            List<OriginationUrl> originationUrls, List<RewriteRule> calledRewrites, List<RewriteRule> callingRewrites,
            VoiceWebhooks disasterRecovery) {
        this(sid, accountSid, name, domainName, ipAcl, credentials, realm, normalization, defaultRegion, cpsLimit,
                concurrentCallLimit, symmetricRtp, callerIdMustBeOwned, originationUrls, calledRewrites,
                callingRewrites, false, disasterRecovery);
    }

    /**
     * What routing, limits and records know this trunk by, and what numbers and routes refer to
     * it with: its SID; its name only when the provisioning has no SIDs (the YAML file read alone,
     * e.g. {@code softswitch route}), where names are unique.
     */
    public String key() {
        return sid != null ? sid : name;
    }
}
