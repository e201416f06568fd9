package io.softswitch.core.security;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.testing.TestConfigs;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test daemon configurations with a {@code sip.security} block and a private media port range
 * (a random 400-port window above the kernel's ephemeral range, so daemons of other test runs on
 * the default 20000-29999 cannot make a call fail for want of a port).
 */
public final class SecureDaemons {
    private SecureDaemons() {
    }

    /** The test config on {@code sipPort} with {@code securityYaml} (keys at column 0) under {@code sip.security}. */
    public static SoftswitchConfig config(int sipPort, String securityYaml) {
        return parse(yaml(sipPort, securityYaml));
    }

    /** The YAML of {@link #config}, for tests that add sections of their own. */
    public static String yaml(int sipPort, String securityYaml) {
        String indented = securityYaml.strip().lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        int min = 61000 + 400 * ThreadLocalRandom.current().nextInt(10);
        String security = indented.isEmpty() ? "" : "  security:\n" + indented;
        return TestConfigs.yaml(sipPort).replace("http:\n", security + "http:\n")
                + "media:\n  port_min: " + min + "\n  port_max: " + (min + 399) + "\n";
    }

    public static SoftswitchConfig parse(String yaml) {
        try {
            return new ConfigLoader(name -> null).parse("test.yaml", yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
