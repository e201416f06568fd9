package io.softswitch.voice.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.twiml.TwimlParser;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A thousand calls waiting in Gather and Pause hold timer entries, not threads. */
class TwimlCallScaleTest {
    private static final int CALLS = 1000;

    @Test
    void thousandCallsInGatherAndPauseUseTimersNotThreads() {
        FakeWebhooks web = new FakeWebhooks()
                .twiml("/voice", "<Response><Pause length=\"1\"/><Gather timeout=\"1\" action=\"/t\" actionOnEmptyResult=\"true\"/></Response>")
                .twiml("/t", "<Response><Hangup/></Response>");
        FakeMedia media = new FakeMedia();
        media.instant = true;
        AtomicInteger ended = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ScheduledVoiceTimer timer = new ScheduledVoiceTimer()) {
            int threadsBefore = Thread.activeCount();
            List<TwimlCall> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                CallContext ctx = new CallContext("CA" + i, "AC1", "+14155550100", "+14155550199", "inbound", null,
                        "t", URI.create("http://app/voice"), HttpMethod.POST, null, HttpMethod.POST);
                TwimlCall call = new TwimlCall(ctx, media, timer, web, new TwimlParser(), new SerialExecutor(pool),
                        new CallEvents() {
                            @Override
                            public void ended() {
                                ended.incrementAndGet();
                            }
                        });
                calls.add(call);
                call.start();
            }
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    calls.stream().filter(c -> c.phase() == TwimlCall.Phase.GATHERING).count() > CALLS / 2);
            int threadsWaiting = Thread.activeCount();
            assertThat(threadsWaiting - threadsBefore).as("threads added while %d calls wait", CALLS).isLessThanOrEqualTo(4);
            await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == CALLS);
            assertThat(web.requests.stream().filter(r -> r.url().getPath().equals("/t"))).hasSize(CALLS);
        } finally {
            pool.shutdownNow();
        }
    }
}
