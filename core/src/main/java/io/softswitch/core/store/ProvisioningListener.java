package io.softswitch.core.store;

import io.softswitch.config.Provisioning;

/**
 * Told about every change of what is provisioned, with the complete new state. Called on the
 * thread that committed the change, one call at a time and in commit order; implementations should
 * be quick (build a routing snapshot and swap it) and must not call back into the store's writers.
 */
@FunctionalInterface
public interface ProvisioningListener {
    void provisioningChanged(Provisioning current);
}
