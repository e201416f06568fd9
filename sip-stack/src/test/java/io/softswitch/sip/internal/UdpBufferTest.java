package io.softswitch.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSettings;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SIP UDP socket's receive buffer as the kernel reports it ({@code ss -m}): as large as
 * {@code net.core.rmem_max} allows, up to what the stack asks (8 MiB), not JAIN-SIP's 64 KiB, so a
 * GC pause under load does not make the kernel drop signalling.
 */
class UdpBufferTest {

    @Test
    void theKernelGrantsTheSipSocketTheLargeReceiveBuffer() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        long rmemMax;
        try (var in = Files.newBufferedReader(Path.of("/proc/sys/net/core/rmem_max"))) { // procfs: read as a stream
            rmemMax = Long.parseLong(in.readLine().trim());
        }
        long expected = 2 * Math.min(JainSipStack.UDP_RECEIVE_BUFFER, rmemMax); // the kernel doubles it
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings("udp-buffer-test-" + port,
                List.of(new SipBinding("udp", "127.0.0.1", port)), "softswitch-test", 1, 65536, ""), SipEvents.NONE)) {
            Process ss = new ProcessBuilder("ss", "-u", "-a", "-n", "-m", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ss.waitFor(10, TimeUnit.SECONDS));
            Matcher rb = Pattern.compile("rb(\\d+)").matcher(out);
            assertTrue(rb.find(), "ss shows the socket's memory: " + out);
            assertEquals(expected, Long.parseLong(rb.group(1)), "rmem_max " + rmemMax + ", asked " + JainSipStack.UDP_RECEIVE_BUFFER + ": " + out);
            assertTrue(expected > 2 * 64 * 1024, "more than the stack's 64 KiB default (rmem_max " + rmemMax + ")");
        }
    }
}
