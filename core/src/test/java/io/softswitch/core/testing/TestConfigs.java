package io.softswitch.core.testing;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.SoftswitchConfig;

/** Daemon configurations for tests: loopback, free ports, media range away from the defaults. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static String yaml(int sipPort) {
        return yaml(sipPort, FreePorts.mediaBlock());
    }

    /** The test config on {@code sipPort} with the given {@code media:} block (see {@link FreePorts#mediaBlock}). */
    public static String yaml(int sipPort, String mediaBlock) {
        return """
                sip:
                  listen:
                    - transport: udp
                      host: 127.0.0.1
                      port: %d
                    - transport: tcp
                      host: 127.0.0.1
                      port: %d
                http:
                  host: 127.0.0.1
                  port: 0
                simulator:
                  enabled: false
                @MEDIA@
                """.replace("@MEDIA@", mediaBlock).formatted(sipPort, sipPort);
    }

    /**
     * A {@code simulator:} block: the built-in simulator on {@code 127.0.0.1:port} answering every
     * call at once with 200 and {@code media} ({@code echo}, {@code none}...).
     */
    public static String simulator(int port, String media) {
        return """
                simulator:
                  enabled: true
                  host: 127.0.0.1
                  port: %d
                  rules:
                    - prefix: ""
                      answer: 200
                      ring_ms: 0
                      media: %s
                """.formatted(port, media);
    }

    public static SoftswitchConfig config(int sipPort) {
        try {
            return new ConfigLoader(name -> null).parse("test.yaml", yaml(sipPort));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
