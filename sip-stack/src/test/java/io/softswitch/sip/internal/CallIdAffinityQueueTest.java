package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The UDP receive queue with one lane per SIP worker, picked by Call-ID. */
class CallIdAffinityQueueTest {

    private static final String HEAD = "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1\r\n";

    private static DatagramQueuedMessageDispatch datagram(String text, long receivedAtMs) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return new DatagramQueuedMessageDispatch(new DatagramPacket(b, b.length), receivedAtMs);
    }

    private static DatagramQueuedMessageDispatch ofCall(String callId, int seq) {
        return datagram(HEAD + "Call-ID: " + callId + "\r\nCSeq: " + seq + " INVITE\r\n\r\n", seq + 1);
    }

    private static long hash(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return CallIdAffinityQueue.callIdHash(b, b.length);
    }

    private static int laneOf(CallIdAffinityQueue queue, DatagramQueuedMessageDispatch d) {
        return queue.laneOf(d.packet.getData(), d.packet.getLength());
    }

    private static String text(DatagramQueuedMessageDispatch d) {
        return new String(d.packet.getData(), 0, d.packet.getLength(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyDatagramOfACallIsTakenByOneWorkerInArrivalOrder() throws Exception {
        int workers = 8;
        int calls = 200;
        int perCall = 20;
        CallIdAffinityQueue queue = new CallIdAffinityQueue(workers);
        Map<String, List<String>> seen = new ConcurrentHashMap<>(); // Call-ID -> "thread seq" in order taken
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(calls * perCall);
        List<Thread> consumers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        String m = text(queue.take());
                        String callId = m.substring(m.indexOf("Call-ID: ") + 9, m.indexOf("\r\nCSeq"));
                        String seq = m.substring(m.indexOf("CSeq: ") + 6, m.indexOf(" INVITE"));
                        seen.computeIfAbsent(callId, k -> new CopyOnWriteArrayList<>())
                                .add(Thread.currentThread().getName() + " " + seq);
                        done.countDown();
                    }
                } catch (InterruptedException e) {
                    // stopped
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "worker-" + w);
            t.start();
            consumers.add(t);
        }
        // Four producers, each with its own calls, interleaving their datagrams.
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                for (int seq = 0; seq < perCall; seq++) {
                    for (int c = producer; c < calls; c += 4) {
                        queue.offer(ofCall("call-" + c + "@192.0.2.1", seq));
                    }
                }
            });
            t.start();
            producers.add(t);
        }
        for (Thread t : producers) {
            t.join();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        consumers.forEach(Thread::interrupt);
        for (Thread t : consumers) {
            t.join(5000);
            assertThat(t.isAlive()).as("an interrupted worker ends").isFalse();
        }
        assertThat(failure.get()).isNull();
        assertThat(seen).hasSize(calls);
        java.util.Set<String> threadsUsed = new java.util.HashSet<>();
        seen.forEach((callId, taken) -> {
            String thread = taken.get(0).split(" ")[0];
            threadsUsed.add(thread);
            List<String> expected = new ArrayList<>();
            for (int seq = 0; seq < perCall; seq++) {
                expected.add(thread + " " + seq);
            }
            assertThat(taken).as(callId).isEqualTo(expected);
        });
        assertThat(threadsUsed).as("200 calls spread over the workers").hasSizeGreaterThan(workers / 2);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void theCompactFormAndAnyCaseOfTheNameFindTheSameCallId() {
        long full = hash(HEAD + "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n\r\n");
        assertThat(full).isNotEqualTo(CallIdAffinityQueue.NO_CALL_ID);
        assertThat(hash(HEAD + "i: a84b4c76e66710@pc33.atlanta.example.com\r\n\r\n")).isEqualTo(full);
        assertThat(hash(HEAD + "I:a84b4c76e66710@pc33.atlanta.example.com\r\n\r\n")).isEqualTo(full);
        assertThat(hash(HEAD + "CALL-ID:a84b4c76e66710@pc33.atlanta.example.com\r\n\r\n")).isEqualTo(full);
        assertThat(hash(HEAD + "call-id: a84b4c76e66710@pc33.atlanta.example.com\r\n\r\n")).isEqualTo(full);
        // Call-IDs compare byte by byte (RFC 3261 §8.1.1.4): case in the value matters.
        assertThat(hash(HEAD + "Call-ID: A84B4C76E66710@pc33.atlanta.example.com\r\n\r\n")).isNotEqualTo(full);
    }

    @Test
    void whitespaceAroundTheColonAndFoldedValuesAreHcolonAndSws() {
        long plain = hash(HEAD + "Call-ID: f81d4fae@192.0.2.4\r\n\r\n");
        assertThat(hash(HEAD + "Call-ID \t :\t  f81d4fae@192.0.2.4  \r\n\r\n")).isEqualTo(plain);
        assertThat(hash(HEAD + "Call-ID:\r\n   f81d4fae@192.0.2.4\r\n\r\n")).isEqualTo(plain);
        assertThat(hash(HEAD + "Call-ID: \r\n\tf81d4fae@192.0.2.4\r\nCSeq: 1 INVITE\r\n\r\n")).isEqualTo(plain);
        assertThat(hash("\r\n\r\nINVITE sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h\ni:\n f81d4fae@192.0.2.4\n\n")).isEqualTo(plain);
        // a folded header before it does not hide it
        assertThat(hash(HEAD + "Subject: one\r\n Call-ID: not-this\r\nCall-ID: f81d4fae@192.0.2.4\r\n\r\n"))
                .isEqualTo(plain);
    }

    @Test
    void headersThatOnlyLookLikeCallIdAreNotIt() {
        assertThat(hash(HEAD + "Call-Info: <http://wwww.example.com/alice/photo.jpg>\r\n"
                + "In-Reply-To: 70710@saturn.bell-tel.com\r\nID: x\r\n\r\n")).isEqualTo(CallIdAffinityQueue.NO_CALL_ID);
    }

    @Test
    void withoutAFindableCallIdThereIsNoHash() {
        assertThat(hash(HEAD + "CSeq: 1 INVITE\r\n\r\n")).isEqualTo(CallIdAffinityQueue.NO_CALL_ID);
        assertThat(hash(HEAD + "CSeq: 1 INVITE\r\n\r\nCall-ID: in-the-body\r\n")).isEqualTo(CallIdAffinityQueue.NO_CALL_ID);
        assertThat(hash("Call-ID: the-start-line\r\n\r\n")).isEqualTo(CallIdAffinityQueue.NO_CALL_ID);
        assertThat(hash(HEAD + "Call-ID:   \r\nCSeq: 1 INVITE\r\n\r\n")).isEqualTo(CallIdAffinityQueue.NO_CALL_ID);
        assertThat(hash(HEAD + "Call-ID:")).isEqualTo(CallIdAffinityQueue.NO_CALL_ID);
        assertThat(hash("")).isEqualTo(CallIdAffinityQueue.NO_CALL_ID);
        assertThat(hash("\r\n\r\n")).isEqualTo(CallIdAffinityQueue.NO_CALL_ID);
        assertThat(hash("\u0000\u00ff garbage")).isEqualTo(CallIdAffinityQueue.NO_CALL_ID);
    }

    @Test
    void aDatagramWithoutCallIdGoesToTheShortestLane() throws Exception {
        CallIdAffinityQueue queue = new CallIdAffinityQueue(2);
        DatagramQueuedMessageDispatch call = ofCall("x@192.0.2.1", 0);
        queue.offer(call);
        queue.offer(ofCall("x@192.0.2.1", 1));
        int busy = laneOf(queue, call);
        byte[] keepalive = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(queue.laneOf(keepalive, keepalive.length)).isEqualTo(1 - busy);
    }

    @Test
    void peekIsTheOldestOverAllLanesAndSizeTheTotal() {
        CallIdAffinityQueue queue = new CallIdAffinityQueue(4);
        assertThat(queue.peek()).isNull();
        assertThat(queue.isEmpty()).isTrue();
        // the receive thread stamps datagrams in arrival order; the oldest is not in lane 0
        List<DatagramQueuedMessageDispatch> offered = new ArrayList<>();
        int first = 0;
        while (laneOf(queue, datagram(HEAD + "Call-ID: c" + first + "\r\n\r\n", 0)) == 0) {
            first++;
        }
        for (int c = first; c < first + 12; c++) {
            DatagramQueuedMessageDispatch d = datagram(HEAD + "Call-ID: c" + c + "\r\n\r\n", 1000 + c);
            offered.add(d);
            queue.offer(d);
        }
        assertThat(queue.size()).isEqualTo(12);
        assertThat(queue.isEmpty()).isFalse();
        assertThat(queue.peek()).isSameAs(offered.get(0));
        // poll() (the stack's congestion auditor) removes that oldest one
        assertThat(queue.poll()).isSameAs(offered.get(0));
        assertThat(queue.peek()).isSameAs(offered.get(1));
        assertThat(queue.size()).isEqualTo(11);
    }

    @Test
    void aThreadBeyondTheLanesIsRefused() throws Exception {
        CallIdAffinityQueue queue = new CallIdAffinityQueue(1);
        assertThat(queue.poll(1, TimeUnit.MILLISECONDS)).isNull(); // this thread takes the only lane
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                queue.take();
            } catch (Throwable e) {
                second.set(e);
            }
        }, "sip-worker-2");
        t.start();
        t.join(5000);
        assertThat(second.get()).isInstanceOf(IllegalStateException.class)
                .hasMessage("SIP worker thread sip-worker-2 is worker 2 of 1: every lane is served already");
        queue.offer(ofCall("y@192.0.2.1", 0));
        assertThat(queue.poll(1, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void lanesAreAtLeastOne() {
        assertThatThrownBy(() -> new CallIdAffinityQueue(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers: 0 (expected: >= 1)");
    }
}
