package io.softswitch.config;

import java.util.List;

/**
 * The built-in simulated carrier: a SIP UAS inside the daemon that answers by rules.
 *
 * @param enabled whether it runs
 * @param host    address it listens on (UDP and TCP)
 * @param port    SIP port (default 5090)
 * @param rules   first matching rule wins; a call no rule matches is answered 404
 */
public record SimulatorConfig(boolean enabled, String host, int port, List<SimulatorRule> rules) {
    public SimulatorConfig {
        rules = List.copyOf(rules);
    }
}
