package io.softswitch.core.conformance;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.testing.TestConfigs;

/** {@link TestConfigs} with a {@code sip.security} block, for the robustness tests. */
final class SecurityConfigs {
    private SecurityConfigs() {
    }

    /** The test config on {@code sipPort} with {@code securityYaml} (keys at column 0) under {@code sip.security}. */
    static SoftswitchConfig config(int sipPort, String securityYaml) {
        return config(sipPort, securityYaml, "");
    }

    /** As {@link #config(int, String)}, with {@code moreYaml} (top-level blocks) appended. */
    static SoftswitchConfig config(int sipPort, String securityYaml, String moreYaml) {
        String indented = securityYaml.strip().lines().map(l -> "    " + l + "\n").reduce("", String::concat);
        String yaml = TestConfigs.yaml(sipPort).replace("http:\n", "  security:\n" + indented + "http:\n")
                + moreYaml;
        try {
            return new ConfigLoader(name -> null).parse("test.yaml", yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
