package io.softswitch.trunking;

import io.softswitch.config.provisioning.Cidr;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.trunking.limit.LimitScope;
import io.softswitch.trunking.number.NumberNormalizer;
import io.softswitch.trunking.number.Rewriter;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * A trunk compiled for the call path: parsed ACL, number normalizer, rewrites and limits, plus
 * what digest authentication (in sip-stack) needs: {@link #realm()} and {@link #credentials()}.
 * Immutable.
 */
public final class TrunkProfile {
    /** Region used when a trunk names none. */
    public static final String DEFAULT_REGION = "US";

    private final Trunk trunk;
    private final List<Cidr> acl;
    private final NumberNormalizer normalizer;
    private final Rewriter calledRewriter;
    private final Rewriter callingRewriter;
    private final List<LimitScope> limits;
    private final List<SipDestination> origination;

    /** Built by {@link SnapshotCompiler} from parts it has checked. */
    TrunkProfile(Trunk trunk, List<Cidr> acl, NumberNormalizer normalizer, Rewriter calledRewriter,
            Rewriter callingRewriter, List<SipDestination> origination, LimitScope accountLimit) {
        this.trunk = trunk;
        this.acl = List.copyOf(acl);
        this.normalizer = normalizer;
        this.calledRewriter = calledRewriter;
        this.callingRewriter = callingRewriter;
        this.origination = List.copyOf(origination);
        LimitScope own = LimitScope.of(LimitScope.TRUNK, trunk.key(), trunk.cpsLimit(), trunk.concurrentCallLimit());
        this.limits = accountLimit == null ? List.of(own) : List.of(own, accountLimit);
    }

    /** Its label, for logs and people: two accounts may both have {@code demo-pbx}. */
    public String name() {
        return trunk.name();
    }

    /** What routing, limits and records know it by: {@link Trunk#key()} (its SID when stored). */
    public String key() {
        return trunk.key();
    }

    /** The provisioning record this profile was built from. */
    public Trunk trunk() {
        return trunk;
    }

    /** The digest realm: the configured one, else the domain name, else the trunk name. */
    public String realm() {
        if (trunk.realm() != null && !trunk.realm().isBlank()) {
            return trunk.realm();
        }
        if (trunk.domainName() != null && !trunk.domainName().isBlank()) {
            return trunk.domainName().toLowerCase(Locale.ROOT);
        }
        return trunk.name();
    }

    public List<Credential> credentials() {
        return trunk.credentials();
    }

    /** Whether requests must carry valid digest credentials (RFC 3261 section 22). */
    public boolean requiresDigest() {
        return !trunk.credentials().isEmpty();
    }

    public boolean hasAcl() {
        return !acl.isEmpty();
    }

    /** Whether {@code source} may send on this trunk: inside its ACL, or any address when it has none. */
    public boolean aclAllows(InetAddress source) {
        return acl.isEmpty() || longestAclMatch(source) >= 0;
    }

    /** The prefix length of the narrowest ACL entry containing {@code source}, or -1. */
    int longestAclMatch(InetAddress source) {
        int best = -1;
        for (Cidr c : acl) {
            if (c.prefixLength() > best && c.contains(source)) {
                best = c.prefixLength();
            }
        }
        return best;
    }

    /** Where inbound calls for its numbers go, addresses parsed. */
    public List<SipDestination> originationUrls() {
        return origination;
    }

    public NumberNormalizer normalizer() {
        return normalizer;
    }

    Rewriter calledRewriter() {
        return calledRewriter;
    }

    Rewriter callingRewriter() {
        return callingRewriter;
    }

    /** Scopes to admit a new call against, in order: the trunk, then its account pool when limited. */
    public List<LimitScope> limits() {
        return limits;
    }

    @Override
    public String toString() {
        return "TrunkProfile[" + trunk.name() + "]";
    }
}
