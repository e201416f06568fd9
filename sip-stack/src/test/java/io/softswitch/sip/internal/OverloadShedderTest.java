package io.softswitch.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipEvents;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the receive thread does with each datagram, overloaded or not. */
class OverloadShedderTest {

    private final AtomicInteger shed = new AtomicInteger();
    private final OverloadShedder shedder = new OverloadShedder(OverloadLimit.steady(200), 0, "softswitch-test", new SipEvents() {
        @Override
        public void overloadShed() {
            shed.incrementAndGet();
        }
    });

    private static byte[] invite(String branch, String toParams) {
        return ("INVITE sip:+14155550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=" + branch + ";rport\r\n"
                + "v: SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bKproxy\r\n"
                + "Max-Forwards: 70\r\n"
                + "f: <sip:+14155550199@10.0.0.1>;tag=abc\r\n"
                + "To: <sip:+14155550100@127.0.0.1>" + toParams + "\r\n"
                + "i: call-1@10.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private OverloadShedder.Verdict judge(byte[] m, boolean overloaded) {
        return shedder.judge(m, m.length, overloaded, 1_000);
    }

    @Test
    void overloadIsAQueueDelayAboveTheThresholdThatLastsLongerThanTheGrace() {
        assertTrue(!shedder.overloaded(1_000, 1_200), "at the threshold");
        assertTrue(!shedder.overloaded(1_000, 1_201), "just behind (e.g. right after a GC pause)");
        assertTrue(!shedder.overloaded(1_050, 1_300), "still behind, within the grace");
        assertTrue(shedder.overloaded(1_100, 1_301), "behind for the whole grace");
        assertTrue(!shedder.overloaded(0, 1_302), "the queue emptied");
        assertTrue(!shedder.overloaded(1_200, 1_450), "behind again: a new grace starts");
        assertTrue(!new OverloadShedder(OverloadLimit.steady(0), 0, "x", SipEvents.NONE).overloaded(1, 100_000));
    }

    @Test
    void duringTheWarmUpOnlyTheWarmUpThresholdCounts() {
        // started at t = 10 000 ms; 200 ms steady, 2000 ms for the first 30 s
        OverloadShedder warming = new OverloadShedder(new OverloadLimit(200, 2_000, 30), 10_000, "x", SipEvents.NONE);
        assertTrue(!warming.overloaded(11_000, 12_000), "1 s behind, 2 s into the warm-up");
        assertTrue(!warming.overloaded(11_000, 12_500), "1.5 s behind for 500 ms: still within the warm-up threshold");
        assertTrue(!warming.overloaded(11_000, 13_001), "2 s behind: the grace starts");
        assertTrue(warming.overloaded(11_000, 13_101), "2.1 s behind for the whole grace: a real overload is shed");
        assertTrue(!warming.overloaded(0, 13_200), "caught up");
        // after the warm-up (t >= 40 000) the steady threshold is back
        assertTrue(!warming.overloaded(40_000, 40_300), "300 ms behind: the grace starts");
        assertTrue(warming.overloaded(40_000, 40_400), "300 ms behind for the grace, after the warm-up");
    }

    @Test
    void whileTheHandlerIsOverloadedNewInvitesAreShedHereAndTheirAcksDropped() {
        AtomicInteger asked = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean engineBehind = new java.util.concurrent.atomic.AtomicBoolean();
        shedder.followHandler(() -> {
            asked.incrementAndGet();
            return engineBehind.get();
        });
        byte[] first = invite("z9hG4bKh1", "");
        assertInstanceOf(OverloadShedder.Queue.class, shedder.judge(first, first.length, false, 1_000));
        engineBehind.set(true);
        // a retransmission of a queued INVITE is never refused, and the handler is not even asked
        int before = asked.get();
        assertInstanceOf(OverloadShedder.Queue.class, shedder.judge(first, first.length, false, 1_100));
        assertEquals(before, asked.get());
        byte[] second = invite("z9hG4bKh2", "");
        var v = assertInstanceOf(OverloadShedder.Answer.class, shedder.judge(second, second.length, false, 1_200));
        String r = new String(v.response(), StandardCharsets.ISO_8859_1);
        assertTrue(r.startsWith("SIP/2.0 503 ") && r.contains("\r\nRetry-After: 1\r\n"), r);
        engineBehind.set(false);
        // its ACK arrives after the engine caught up: still ours, still dropped before parsing
        byte[] ack = ack(";tag=" + tagOf(r));
        assertInstanceOf(OverloadShedder.Drop.class, shedder.judge(ack, ack.length, false, 1_300));
        // ... but ACKs are not inspected once no 503 went out for Timer B (32 s)
        assertInstanceOf(OverloadShedder.Queue.class, shedder.judge(ack, ack.length, false, 40_000));
        // and the handler is asked only about new initial INVITEs
        before = asked.get();
        byte[] reinvite = invite("z9hG4bKh3", ";tag=dialog");
        assertInstanceOf(OverloadShedder.Queue.class, shedder.judge(reinvite, reinvite.length, false, 40_100));
        assertEquals(before, asked.get());
    }

    private static String tagOf(String response) {
        for (String line : response.split("\r\n")) {
            if (line.startsWith("To: ")) {
                return OverloadShedder.tag(line.substring(4));
            }
        }
        throw new AssertionError(response);
    }

    @Test
    void aNewInviteIsQueuedWhileTheStackKeepsUp() {
        assertInstanceOf(OverloadShedder.Queue.class, judge(invite("z9hG4bK1", ""), false));
    }

    @Test
    void aNewInviteGetsAStateless503WithRetryAfterWhenOverloaded() {
        var v = assertInstanceOf(OverloadShedder.Answer.class, judge(invite("z9hG4bK2", ""), true));
        String r = new String(v.response(), StandardCharsets.ISO_8859_1);
        assertTrue(r.startsWith("SIP/2.0 503 Service Unavailable\r\n"), r);
        // both Vias, in order, unchanged
        assertTrue(r.contains("Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK2;rport\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bKproxy\r\n"), r);
        assertTrue(r.contains("From: <sip:+14155550199@10.0.0.1>;tag=abc\r\n"), r);
        assertTrue(r.matches("(?s).*To: <sip:\\+14155550100@127\\.0\\.0\\.1>;tag=ovl[0-9a-f]+\r\n.*"), r);
        assertTrue(r.contains("Call-ID: call-1@10.0.0.1\r\nCSeq: 1 INVITE\r\nRetry-After: 1\r\n"), r);
        assertTrue(r.endsWith("Content-Length: 0\r\n\r\n"), r);
    }

    @Test
    void theShed503CarriesTheLimitsRetryAfter() {
        OverloadShedder patient = new OverloadShedder(new OverloadLimit(200, 200, 0, 7), 0, "x", SipEvents.NONE);
        byte[] m = invite("z9hG4bK7", "");
        var v = assertInstanceOf(OverloadShedder.Answer.class, patient.judge(m, m.length, true, 1_000));
        assertTrue(new String(v.response(), StandardCharsets.ISO_8859_1).contains("\r\nRetry-After: 7\r\n"));
    }

    @Test
    void aRetransmissionOfAQueuedInviteIsQueuedEvenWhenOverloaded() {
        judge(invite("z9hG4bKkept", ""), false);
        assertInstanceOf(OverloadShedder.Queue.class, judge(invite("z9hG4bKkept", ""), true));
    }

    @Test
    void inDialogAndOtherRequestsAreAlwaysQueued() {
        assertInstanceOf(OverloadShedder.Queue.class, judge(invite("z9hG4bK3", ";tag=peer"), true));
        byte[] bye = "BYE sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bK4\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertInstanceOf(OverloadShedder.Queue.class, judge(bye, true));
        byte[] response = "SIP/2.0 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertInstanceOf(OverloadShedder.Queue.class, judge(response, true));
    }

    @Test
    void theAckOfOurOwn503IsDroppedOtherAcksAreQueued() {
        byte[] ours = ack(";tag=ovl1234");
        byte[] theirs = ack(";tag=a6c85cf");
        assertInstanceOf(OverloadShedder.Drop.class, judge(ours, true));
        assertInstanceOf(OverloadShedder.Queue.class, judge(theirs, true));
        assertInstanceOf(OverloadShedder.Queue.class, judge(ours, false));
    }

    @Test
    void malformedInvitesAreLeftToTheStack() {
        byte[] noCallId = ("INVITE sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bK5\r\n"
                + "From: <sip:a@b>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nCSeq: 1 INVITE\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertInstanceOf(OverloadShedder.Queue.class, judge(noCallId, true));
        byte[] garbage = "INVITE \u0000\u0001".getBytes(StandardCharsets.ISO_8859_1);
        assertInstanceOf(OverloadShedder.Queue.class, judge(garbage, true));
    }

    private static byte[] ack(String toParams) {
        return ("ACK sip:+14155550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK9\r\n"
                + "From: <sip:+14155550199@10.0.0.1>;tag=abc\r\n"
                + "To: <sip:+14155550100@127.0.0.1>" + toParams + "\r\n"
                + "Call-ID: call-9@10.0.0.1\r\nCSeq: 1 ACK\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anInviteReadInPlaceGetsTheVerdictAndMemoryOfTheFramedHead() {
        java.util.Random random = new java.util.Random(15);
        for (int i = 0; i < 20_000; i++) {
            byte[] m = ByteMutations.mutate(invite("z9hG4bK" + i, i % 3 == 0 ? ";tag=x" : ""), random);
            boolean handlerBehind = random.nextInt(4) == 0;
            OverloadShedder inPlace = new OverloadShedder(OverloadLimit.steady(200), 0, "x", SipEvents.NONE);
            OverloadShedder framed = new OverloadShedder(OverloadLimit.steady(200), 0, "x", SipEvents.NONE);
            inPlace.followHandler(() -> handlerBehind);
            framed.followHandler(() -> handlerBehind);
            String text = new String(m, StandardCharsets.ISO_8859_1);
            assertEquals(verdict(framed.judgeFramed(m, m.length, false, 1_000)), verdict(inPlace.judge(m, m.length, false, 1_000)), text);
            // what each remembered: a remembered INVITE is queued while overloaded, any other new one answered
            assertEquals(verdict(framed.judge(m, m.length, true, 2_000)), verdict(inPlace.judge(m, m.length, true, 2_000)), text);
        }
    }

    /** The verdict as text, our 503's random To tag left out. */
    private static String verdict(OverloadShedder.Verdict v) {
        return v instanceof OverloadShedder.Answer a
                ? new String(a.response(), StandardCharsets.ISO_8859_1).replaceAll(";tag=ovl[0-9a-f]+", ";tag=ovl")
                : v.getClass().getSimpleName();
    }
}
