package io.softswitch.core.cluster;

import io.softswitch.config.ClusterConfig;
import io.softswitch.core.call.CallRouter;
import io.softswitch.core.call.Decision;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SourceHeader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind a SIP front (Kamailio's dispatcher, {@code deploy/kamailio/}) every INVITE comes from the
 * front's address; the front names the PBX's real source in {@value ClusterConfig#SOURCE_HEADER}
 * ({@code ip} or {@code ip:port}, {@code [v6]:port}). This router wrapper believes that header only
 * on a request whose packet came from one of {@code cluster.trusted_fronts}, and then routes the
 * request as if it came from the named address, so that IP access control lists and source-based
 * trunk and carrier recognition work behind the front. From anyone else the header is ignored (a
 * PBX cannot claim another's address); a trusted front's request without it, or with a value that is
 * not an IP literal, keeps the front's own address (logged).
 *
 * <p>Same threading as {@link CallRouter}: pure, never blocks, never resolves a name.
 */
public final class FrontSource implements CallRouter {
    private static final Logger LOG = LoggerFactory.getLogger(FrontSource.class);
    private static final String HEADER = ClusterConfig.SOURCE_HEADER.toLowerCase(Locale.ROOT);

    private final CallRouter delegate;
    private final Set<InetAddress> fronts;

    public FrontSource(CallRouter delegate, List<String> trustedFronts) {
        this.delegate = delegate;
        Set<InetAddress> s = new HashSet<>();
        for (String f : trustedFronts) {
            InetAddress a = literal(f);
            if (a == null) {
                throw new IllegalArgumentException("cluster.trusted_fronts: " + f + " (expected: an IP address)");
            }
            s.add(a);
        }
        this.fronts = Set.copyOf(s);
    }

    @Override
    public Decision route(SipRequest invite) {
        return delegate.route(fronts.isEmpty() ? invite : resolve(invite));
    }

    /** The request as the switch should see it: from the PBX when a trusted front says so, else unchanged. */
    SipRequest resolve(SipRequest invite) {
        if (!fronts.contains(invite.sourceAddress())) {
            return invite;
        }
        List<String> values = invite.headers().get(HEADER);
        if (values == null || values.size() != 1) {
            LOG.debug("{} from front {}: {} {}", invite.callId(), invite.sourceHost(), HEADER,
                    values == null ? "absent" : "repeated");
            return invite;
        }
        InetSocketAddress pbx = parse(values.get(0).trim());
        if (pbx == null) {
            LOG.info("{} from front {}: {} '{}' is not an IP address, kept the front's", invite.callId(),
                    invite.sourceHost(), ClusterConfig.SOURCE_HEADER, values.get(0));
            return invite;
        }
        return new SipRequest(invite.method(), invite.requestUser(), invite.requestHost(), invite.from(), invite.to(),
                invite.callId(), pbx, invite.transport(), invite.maxForwards(), invite.headers(), invite.body());
    }

    /** {@code ip}, {@code ip:port}, {@code v6} or {@code [v6]:port} as an address; null when it is none. */
    static InetSocketAddress parse(String v) {
        return SourceHeader.parse(v);
    }

    private static InetAddress literal(String s) {
        return SourceHeader.literal(s);
    }
}
