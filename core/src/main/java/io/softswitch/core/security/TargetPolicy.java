package io.softswitch.core.security;

import io.softswitch.sip.SipUri;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

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
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
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
        String lower = url.toLowerCase(Locale.ROOT);
        SipUri uri;
        try {
            uri = SipUri.parse(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // its syntax is the routing compile's rule (one owner), which refuses it
        }
        String host = uri.host();
        boolean v6 = url.contains("[");
        InetAddress address = literal(host, v6);
        if (address == null && (v6 || IPV4.matcher(host).matches())) {
            return Optional.empty(); // a malformed literal: the routing compile refuses it
        }
        if (allowInternal) {
            return Optional.empty();
        }
        int port = uri.port() != -1 ? uri.port() : "tls".equals(uri.transport()) ? SIPS_DEFAULT_PORT : SIP_DEFAULT_PORT;
        if (address != null && (address.isLinkLocalAddress() || address.isAnyLocalAddress())) {
            return Optional.of("not a link-local, metadata (169.254.0.0/16) or unspecified address"
                    + " (tenancy.allow_internal_targets allows them)");
        }
        if (isOwnListener(host.toLowerCase(Locale.ROOT), address, port)) {
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

    /** The address of a literal host, or null for a name or a malformed literal (never resolved). */
    private static InetAddress literal(String host, boolean v6) {
        if (v6 ? !IPV6.matcher(host).matches() : !IPV4.matcher(host).matches()) {
            return null;
        }
        if (!v6) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(host); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
