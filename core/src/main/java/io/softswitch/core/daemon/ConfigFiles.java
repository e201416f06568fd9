package io.softswitch.core.daemon;

import io.softswitch.config.ConfigLoader;
import io.softswitch.trunking.RoutingSnapshot;

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
        return new ConfigLoader().withProvisioningCheck(p -> RoutingSnapshot.compile(p).problems());
    }
}
