package io.softswitch.core.call;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real SIP endpoint with the call engine behind it, on a free loopback port. */
final class EngineHarness implements AutoCloseable {
    final int port = FreePorts.udpAndTcp();
    final SipEndpoint sip;
    final CallEngine engine;
    final BlockingQueue<CallSummary> records = new LinkedBlockingQueue<>();

    EngineHarness(CallRouter router, MediaBridge media) throws Exception {
        this(router, media, 2, OverloadLimit.steady(200));
    }

    EngineHarness(CallRouter router, MediaBridge media, int threads, OverloadLimit overload) throws Exception {
        sip = SipEndpoint.start(new SipSettings("engine-test-" + port,
                List.of(new SipBinding("udp", "127.0.0.1", port), new SipBinding("tcp", "127.0.0.1", port)),
                "softswitch-test", 4, 65536, ""), SipEvents.NONE);
        engine = CallEngine.builder(router, media, sip::dial)
                .events(new CallEvents() {
                    @Override
                    public void callEnded(CallSummary summary) {
                        records.add(summary);
                    }
                })
                .maxCalls(1000)
                .threads(threads)
                .maxBacklog(10_000)
                .overload(overload)
                .build();
        sip.setHandler(engine);
    }

    CallSummary awaitRecord(Duration timeout) throws InterruptedException {
        CallSummary s = records.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no call record within " + timeout);
        }
        return s;
    }

    @Override
    public void close() {
        engine.close();
        sip.close();
    }
}
