package io.softswitch.voice.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which webhook URLs the switch may call (the operator's restriction on top of "only URLs a user
 * provisioned"): {@code http}/{@code https} only; when {@code allowedHosts} is not empty, only those
 * hosts ({@code *.example.com} matches its subdomains); never the switch's own listeners, i.e. a
 * port of {@code ownPorts} on a loopback or wildcard address (a tenant must not drive the switch's
 * own API through a webhook). Thread-safe.
 *
 * @param allowedHosts host names or {@code *.suffix} patterns, case-insensitive; empty allows any host
 * @param ownPorts the switch's own TCP listeners (HTTP API, console)
 */
public record WebhookPolicy(Set<String> allowedHosts, Set<Integer> ownPorts) {
    public static final WebhookPolicy ALLOW_ALL = new WebhookPolicy(Set.of(), Set.of());

    public WebhookPolicy {
        allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        ownPorts = Set.copyOf(ownPorts);
    }

    /**
     * Why {@code url} may not be called, or {@code null} when it may. Resolves the host name (may
     * block on DNS): call it off the call path, as {@link GuardedWebhookClient} does.
     */
    public String refusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "scheme '" + scheme + "' (expected: http or https)";
        }
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return "no host in " + url;
        }
        if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(p -> matches(p, host))) {
            return "host '" + host + "' is not in the webhook allow-list";
        }
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        if (ownPorts.contains(port)) {
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
                        return "'" + host + ":" + port + "' is the switch's own listener";
                    }
                }
            } catch (UnknownHostException e) {
                return null; // the HTTP client reports the failure (11200)
            }
        }
        return null;
    }

    private static boolean matches(String pattern, String host) {
        return pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : pattern.equals(host);
    }
}
