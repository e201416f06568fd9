package io.softswitch.core.security;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.testing.TestConfigs;

/**
 * Test daemon configurations with a {@code sip.security} block (and, from {@link TestConfigs}, a
 * private random media port range).
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
        String security = indented.isEmpty() ? "" : "  security:\n" + indented;
        // TestConfigs already gives the daemon a private random relay port range.
        return TestConfigs.yaml(sipPort).replace("http:\n", security + "http:\n");
    }

    public static SoftswitchConfig parse(String yaml) {
        try {
            return new ConfigLoader(name -> null).parse("test.yaml", yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
