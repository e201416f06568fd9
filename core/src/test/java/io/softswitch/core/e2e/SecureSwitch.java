package io.softswitch.core.e2e;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.Provisioning;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.LoopbackCapture;
import io.softswitch.core.testing.TestConfigs;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The daemon in-process for the secure trunking ITs: a UDP listener and a TLS one presenting
 * {@code certificate}/{@code privateKey}, the test CA as {@code sip.tls.trusted_ca} (the name check
 * applies when it calls a PBX over TLS), a relay port range of its own and, when {@code
 * simulatorPort} is not 0, the built-in simulator there answering every call with an echo.
 */
final class SecureSwitch implements AutoCloseable {
    final int udpPort = FreePorts.udpAndTcp();
    final int tlsPort = FreePorts.udpAndTcp();
    final int mediaMin;
    final Daemon daemon;

    SecureSwitch(Provisioning provisioning, Path dataDir, Path certificate, Path privateKey, Path trustedCa,
            int simulatorPort) throws Exception {
        mediaMin = MediaPorts.freeRange(MediaPorts.SIZE);
        String yaml = """
                sip:
                  listen:
                    - transport: udp
                      host: 127.0.0.1
                      port: %d
                    - transport: tls
                      host: 127.0.0.1
                      port: %d
                      certificate: %s
                      private_key: %s
                  tls:
                    trusted_ca: %s
                http:
                  port: 0
                media:
                  port_min: %d
                  port_max: %d
                """.formatted(udpPort, tlsPort, certificate, privateKey, trustedCa, mediaMin,
                mediaMin + MediaPorts.SIZE - 1)
                + (simulatorPort != 0 ? TestConfigs.simulator(simulatorPort, "echo") : "simulator:\n  enabled: false\n");
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("secure-it.yaml", yaml), dataDir);
        daemon.snapshots().replace(provisioning);
    }

    /** Every UDP packet to or from the relay's ports. */
    LoopbackCapture capture(Path file) throws IOException {
        return LoopbackCapture.udpPorts(mediaMin, mediaMin + MediaPorts.SIZE - 1, file);
    }

    @Override
    public void close() {
        daemon.close();
    }
}
