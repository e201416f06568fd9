package io.softswitch.core.daemon;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.trunking.RoutingSnapshot;
import java.util.HashSet;
import java.util.Set;

/**
 * How the daemon reads its configuration file: the config module's loader with the routing
 * compile as its provisioning check, so {@code check-config}, start, {@code route} and
 * {@code /admin/reload} all report provisioning problems with file and line, by the one set of
 * rules the store also applies to API writes.
 */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    public static ConfigLoader loader() {
        return new ConfigLoader().withProvisioningCheck(c -> RoutingSnapshot.compile(c.provisioning(), ownHosts(c)).problems());
    }

    /**
     * The names and addresses the switch answers to (listen, advertised, HTTP and media hosts):
     * no trunk may use one as its domain name, or it would capture calls meant for the switch.
     */
    public static Set<String> ownHosts(SoftswitchConfig c) {
        Set<String> out = new HashSet<>();
        c.sip().listen().forEach(l -> out.add(l.host()));
        if (!c.sip().advertisedHost().isEmpty()) {
            out.add(c.sip().advertisedHost());
        }
        out.add(c.http().host());
        out.add(c.media().bindAddress());
        out.add(c.media().advertisedAddress());
        return Set.copyOf(out);
    }
}
