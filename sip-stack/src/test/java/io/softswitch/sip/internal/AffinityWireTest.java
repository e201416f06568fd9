package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSettings;
import io.softswitch.sip.SipStatus;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A real stack with eight SIP workers on the Call-ID affinity queue: calls spread over the
 * workers, each is served, and stopping the stack ends every worker and the congestion auditor.
 */
class AffinityWireTest {

    @Test
    void callsSpreadOverTheWorkersAndStoppingEndsEveryWorker() throws Exception {
        int port = OverloadWireTest.freeUdpPort();
        String name = "affinity-test-" + port;
        Set<Thread> auditorsBefore = threads("BlockingQueueDispatchAuditor-Timer-");
        Set<String> workersSeen = ConcurrentHashMap.newKeySet();
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings(name, List.of(new SipBinding("udp", "127.0.0.1", port)),
                "softswitch-test", 8, 65536, ""), SipEvents.NONE);
                DatagramSocket uac = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sip.setHandler(leg -> {
                workersSeen.add(Thread.currentThread().getName());
                leg.reject(SipStatus.BUSY_HERE, List.of());
            });
            uac.setSoTimeout(100);
            // the receive thread starts the workers
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> threads(name + "-UDPMessageChannelThread-").size() >= 8);
            assertThat(threads(name + "-UDPMessageChannelThread-")).hasSize(8);
            assertThat(threads("BlockingQueueDispatchAuditor-Timer-")).as("the auditor moved to the new queue")
                    .hasSize(auditorsBefore.size() + 1);
            for (int c = 0; c < 64; c++) {
                OverloadWireTest.send(uac, port, OverloadWireTest.invite(uac, "spread-" + c, "z9hG4bKspread" + c));
            }
            Set<String> answered = new java.util.HashSet<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (answered.size() < 64 && System.nanoTime() < until) {
                String busy = OverloadWireTest.awaitResponse(uac, null, 486, 100);
                if (busy != null) {
                    answered.add(busy.substring(busy.indexOf("\r\nCall-ID: ") + 11, busy.indexOf("\r\n", busy.indexOf("\r\nCall-ID: ") + 2)));
                }
            }
            assertThat(answered).as("every call answered").hasSize(64);
            assertThat(workersSeen).as("64 calls hashed over 8 workers").hasSizeGreaterThan(4)
                    .allMatch(t -> t.startsWith(name + "-UDPMessageChannelThread-"));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> threads(name + "-UDPMessageChannelThread-").isEmpty()
                        && auditorsBefore.containsAll(threads("BlockingQueueDispatchAuditor-Timer-")));
        assertThat(threads(name + "-UDPMessageChannelThread-")).as("workers left after stop").isEmpty();
        assertThat(threads("BlockingQueueDispatchAuditor-Timer-")).as("auditors left after stop")
                .isSubsetOf(auditorsBefore);
    }

    private static Set<Thread> threads(String namePrefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(namePrefix)).collect(Collectors.toSet());
    }
}
