package io.softswitch.core.security;

import io.softswitch.config.provisioning.Cidr;
import io.softswitch.trunking.SipTarget;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where a tenant may make the switch send SIP (issue 22, finding 7): origination URLs and carrier
 * gateway URLs (whose syntax the routing compile checks: {@code sip:[zzz} is a {@code 400}, not a
 * URL that fails at call time) may not point at the switch's own SIP or HTTP listeners (a loop, or requests to the API
 * from the switch's address) nor at link-local addresses, which include the cloud metadata service
 * ({@code 169.254.0.0/16}, {@code fe80::/10}), nor at "this host" ({@code 0.0.0.0}, {@code ::}),
 * unless the operator allows it ({@code tenancy.allow_internal_targets}). Host names are compared by
 * name ({@code localhost}), never resolved: the switch does not look up names tenants give it here.
 * Thread-safe; the listeners are read when a URL is checked.
 */
public final class TargetPolicy {
    private static final int SIP_DEFAULT_PORT = 5060;
    private static final int SIPS_DEFAULT_PORT = 5061;

    /** Allows everything that parses (no listeners known). */
    public static final TargetPolicy PERMISSIVE = new TargetPolicy(true, Set::of);

    private final boolean allowInternal;
    private final Supplier<Set<InetSocketAddress>> listeners;

    /**
     * @param allowInternal {@code tenancy.allow_internal_targets}
     * @param listeners     the switch's own SIP and HTTP listening addresses (an unbound address,
     *                      0.0.0.0, stands for every local address)
     */
    public TargetPolicy(boolean allowInternal, Supplier<Set<InetSocketAddress>> listeners) {
        this.allowInternal = allowInternal;
        this.listeners = listeners;
    }

    /** Why {@code url} is refused, as {@code expected} text for a 400; empty when it is allowed. */
    public Optional<String> refusal(String url) {
        // Syntax is the routing compile's rule (SipTarget, one owner), which refuses a URL that does
        // not parse itself: only a URL that parses is checked here (sips: and ;transport=tls too).
        if (allowInternal || !(SipTarget.parse(url) instanceof SipTarget.Valid valid)) {
            return Optional.empty();
        }
        SipTarget target = valid.target();
        InetAddress address = Cidr.address(target.host()); // null for a name: names are never resolved
        int port = target.port() != -1 ? target.port()
                : "tls".equals(target.transport()) ? SIPS_DEFAULT_PORT : SIP_DEFAULT_PORT;
        if (address != null && (address.isLinkLocalAddress() || address.isAnyLocalAddress())) {
            return Optional.of("not a link-local, metadata (169.254.0.0/16) or unspecified address"
                    + " (tenancy.allow_internal_targets allows them)");
        }
        if (isOwnListener(target.host().toLowerCase(Locale.ROOT), address, port)) {
            return Optional.of("not one of the switch's own SIP or HTTP listeners"
                    + " (tenancy.allow_internal_targets allows them)");
        }
        return Optional.empty();
    }

    private boolean isOwnListener(String host, InetAddress address, int port) {
        for (InetSocketAddress l : listeners.get()) {
            if (l.getPort() != port) {
                continue;
            }
            InetAddress bound = l.getAddress();
            boolean local = address != null ? address.isLoopbackAddress() || isLocalInterface(address)
                    : host.equals("localhost");
            if (bound == null || bound.isAnyLocalAddress()) {
                if (local) {
                    return true;
                }
            } else if (address != null ? address.equals(bound)
                    || (bound.isLoopbackAddress() && address.isLoopbackAddress())
                    : host.equals("localhost") && bound.isLoopbackAddress()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLocalInterface(InetAddress a) {
        try {
            return java.net.NetworkInterface.getByInetAddress(a) != null;
        } catch (java.net.SocketException e) {
            return false;
        }
    }
}
