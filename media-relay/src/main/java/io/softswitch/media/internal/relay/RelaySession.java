package io.softswitch.media.internal.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.softswitch.media.DropReason;
import io.softswitch.media.DtmfEvent;
import io.softswitch.media.Side;
import io.softswitch.media.MediaEncryption;
import io.softswitch.media.LatencyHistogram;
import io.softswitch.media.MediaEvents;
import io.softswitch.media.MediaSession;
import io.softswitch.media.MediaStats;
import io.softswitch.media.SdpResult;
import io.softswitch.media.SessionListener;
import io.softswitch.media.CallRecording;
import io.softswitch.media.RecordingOptions;
import io.softswitch.media.internal.recording.Recorder;
import io.softswitch.media.internal.rtp.DtmfDetector;
import io.softswitch.media.internal.rtp.RtpPackets;
import io.softswitch.media.internal.sdp.PayloadTypes;
import io.softswitch.media.internal.sdp.SdpException;
import io.softswitch.media.internal.sdp.SdpParser;
import io.softswitch.media.internal.sdp.SdpRewriter;
import io.softswitch.media.internal.sdp.MediaSection;
import io.softswitch.media.internal.sdp.SessionDescription;
import io.softswitch.media.internal.srtp.SdesNegotiation;
import io.softswitch.media.internal.srtp.SrtpStream;
import io.softswitch.media.internal.srtp.SrtpTranslator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A call's relay state, confined to one event loop: all four sockets are registered on it, and
 * API calls run as tasks on it, so the packet path needs no locks. The received buffer is
 * forwarded as is, by the outgoing socket's {@link DatagramSender} (one {@code sendto} on the
 * native transport); this class allocates nothing per packet. Netty's epoll datagram channel still
 * allocates about 180 bytes per packet (the sender's InetSocketAddress and the inbound envelope on
 * every read, an IPv4-mapped address array on every sendto); see bench/media/RESULTS.md. The jdk
 * transport's sockets ({@link JdkDatagramSocket}) allocate nothing.
 */
final class RelaySession implements MediaSession, DtmfDetector.Sink, OverloadControl.Sheddable {
    private final String label;
    private final EventLoop loop;
    private final DatagramRelay relay;
    private final MediaEvents events;
    private final SessionListener listener;
    private final LegState a;
    private final LegState b;
    private final long createdNanos = System.nanoTime();

    private long lastActivityNanos = createdNanos;
    private int relayed; // counts packets for latency sampling
    /** The session's sampled relay latencies per {@link LatencyHistogram} bucket (allocated once). */
    private final long[] latency = new long[LatencyHistogram.BUCKETS];
    private Side offerFrom;
    private int offerMediaCount;
    private ScheduledFuture<?> timeoutCheck;
    private volatile boolean closed;
    private MediaStats finalStats;
    /** Created when a leg first speaks SRTP; its scratch buffer serves every packet of the session. */
    private SrtpTranslator srtp;
    /** The recording in progress, or null (then the packet path does not look further). */
    private Recorder recorder;
    /** Overload protection has stopped reading this session's sockets. */
    private boolean shed;
    /** This loop's overload protection, or null when off. */
    private final OverloadControl overload;

    /** The loop's pass clock: when the pass that read the packet being relayed began. */
    private final LoopClock clock;

    RelaySession(String label, EventLoop loop, DatagramRelay relay, SessionListener listener, LegState a, LegState b,
            OverloadControl overload, LoopClock clock) {
        this.overload = overload;
        this.clock = clock;
        this.label = label;
        this.loop = loop;
        this.relay = relay;
        this.events = relay.events();
        this.listener = listener;
        this.a = a;
        this.b = b;
    }

    LegState leg(Side leg) {
        return leg == Side.A ? a : b;
    }

    EventLoop loop() {
        return loop;
    }

    void startTimeoutCheck(long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return;
        }
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(timeoutNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        timeoutCheck = loop.scheduleAtFixedRate(() -> checkTimeout(timeoutNanos), period, period, TimeUnit.NANOSECONDS);
    }

    private void checkTimeout(long timeoutNanos) {
        long now = System.nanoTime();
        long silence = now - lastActivityNanos;
        if (!closed && silence >= timeoutNanos) {
            // Fires again after every further timeout period of silence: a call still ringing
            // when the first one fires ignores it, and must still be hung up once answered.
            lastActivityNanos = now;
            events.rtpTimeout(label);
            listener.rtpTimeout(this, Duration.ofNanos(silence));
        }
    }

    // ---- packet path (event loop) ----

    void onPacket(LegState in, boolean rtcp, ByteBuf buf, InetSocketAddress sender) {
        long start = System.nanoTime();
        if (closed) {
            drop(in, buf, DropReason.CLOSED);
            return;
        }
        if (rtcp ? !RtpPackets.isRtcp(buf) : !RtpPackets.isRtp(buf)) {
            drop(in, buf, DropReason.MALFORMED);
            return;
        }
        int ssrc = rtcp ? RtpPackets.rtcpSsrc(buf) : RtpPackets.ssrc(buf);
        LegState out = in == a ? b : a;
        int received = buf.readableBytes();
        SrtpStream from = in.crypto.inbound();
        if (from != null) {
            // Before latching: a forged packet must not latch a NAT leg (RFC 3711 section 3.3: verify first).
            SrtpStream.Result result = translator().translate(buf, rtcp, ssrc, from);
            if (result != SrtpStream.Result.OK) {
                drop(in, buf, dropReason(result));
                return;
            }
            buf = srtp.output();
        }
        if (!(rtcp ? in.rtcpLatch : in.rtpLatch).accept(sender, ssrc, start)) {
            drop(in, buf, DropReason.SOURCE_MISMATCH);
            return;
        }
        lastActivityNanos = start;
        if (rtcp) {
            in.received.onRtcp();
        } else {
            // Statistics and DTMF read the decrypted packet; sizes are the leg's own (as on the wire).
            count(in, buf, ssrc, received, start);
            if (in.countGapOnNextRtp) {
                countOverloadGap(in);
            }
        }
        SrtpStream to = out.crypto.outbound();
        if (to != null) {
            SrtpStream.Result result = translator().translate(buf, rtcp, ssrc, to);
            if (result != SrtpStream.Result.OK) {
                drop(in, buf, dropReason(result));
                return;
            }
            buf = srtp.output();
        }
        int length = buf.readableBytes();
        InetSocketAddress destination = (rtcp ? out.rtcpLatch : out.rtpLatch).destination();
        if (destination == null) {
            drop(in, buf, DropReason.NO_DESTINATION);
            return;
        }
        if (!(rtcp ? out.rtcpSender : out.rtpSender).send(buf, destination)) {
            drop(in, buf, DropReason.CONGESTION);
            return;
        }
        out.packetsSent++;
        out.bytesSent += length;
        events.packetRelayed(in.leg, rtcp, length);
        if (relayed++ % MediaEvents.LATENCY_SAMPLE_INTERVAL == 0) {
            long nanos = clock.latency(start, System.nanoTime());
            events.relayLatency(nanos);
            latency[LatencyHistogram.bucket(nanos)]++; // the session's own: merged per trunk/carrier by core
        }
    }

    // ---- overload protection (event loop; see OverloadControl) ----

    @Override
    public boolean isShed() {
        return shed;
    }

    /** Stops reading the four sockets: the kernel drops what does not fit in their buffers. */
    @Override
    public void shed() {
        shed = true;
        for (LegState leg : new LegState[] {a, b}) {
            leg.lostAtShed = leg.received.lost();
            leg.discardedSinceShed = 0;
            leg.countGapOnNextRtp = false;
            leg.reading(false);
        }
    }

    /** Reads the sockets again; what queued in them meanwhile is discarded as too old. */
    @Override
    public void resume() {
        shed = false;
        for (LegState leg : new LegState[] {a, b}) {
            leg.rtpHandler.discardNextBatch();
            leg.rtcpHandler.discardNextBatch();
            leg.countGapOnNextRtp = true;
            leg.reading(true);
        }
    }

    /** Overload protection keeps this session: what its sockets hold now is too old to relay. */
    @Override
    public void discardBacklog() {
        for (LegState leg : new LegState[] {a, b}) {
            leg.rtpHandler.discardNextBatch();
            leg.rtcpHandler.discardNextBatch();
        }
    }

    @Override
    public void endDiscard() {
        for (LegState leg : new LegState[] {a, b}) {
            leg.rtpHandler.endDiscard();
            leg.rtcpHandler.endDiscard();
        }
    }

    /** A packet that queued while the session was shed, or too old when shedding began: dropped, counted as overload. */
    void discard(LegState in, boolean rtcp, ByteBuf buf) {
        if (!rtcp) {
            in.discardedSinceShed++;
        }
        drop(in, buf, DropReason.OVERLOAD);
    }

    /**
     * The first RTP packet relayed after a resume: the packets the kernel dropped while the session
     * was shed show as the sequence gap (RFC 3550 A.3 loss) minus those discarded on resume.
     */
    private void countOverloadGap(LegState in) {
        in.countGapOnNextRtp = false;
        long dropped = in.received.lost() - in.lostAtShed - in.discardedSinceShed;
        if (dropped > 0) {
            in.dropped += dropped;
            events.packetsDropped(in.leg, DropReason.OVERLOAD, dropped);
        }
    }

    private static DropReason dropReason(SrtpStream.Result result) {
        return switch (result) {
            case AUTH_FAILED -> DropReason.SRTP_AUTH;
            case REPLAYED -> DropReason.SRTP_REPLAY;
            default -> DropReason.MALFORMED;
        };
    }

    private SrtpTranslator translator() {
        if (srtp == null) {
            srtp = new SrtpTranslator(DatagramRelay.MAX_DATAGRAM);
        }
        return srtp;
    }

    private void count(LegState in, ByteBuf buf, int ssrc, int length, long now) {
        int pt = RtpPackets.payloadType(buf);
        long timestamp = RtpPackets.timestamp(buf);
        PayloadTypes payloads = in.payloads;
        int clock = payloads.clockRate(pt);
        boolean event = payloads.isTelephoneEvent(pt);
        in.received.onRtp(RtpPackets.sequenceNumber(buf), timestamp, ssrc, event ? 0 : clock, length, now);
        if (event) {
            in.dtmf.onPacket(buf, RtpPackets.payloadOffset(buf), timestamp, clock, this);
        } else if (recorder != null) {
            recorder.onRtp(in == a ? 0 : 1, buf, RtpPackets.payloadOffset(buf), pt, timestamp, now);
        }
    }

    /** Drops {@code buf}: the packet's content, or what SRTP made of it. */
    private void drop(LegState in, ByteBuf buf, DropReason reason) {
        buf.release();
        in.dropped++;
        events.packetDropped(in.leg, reason);
    }

    @Override
    public void dtmf(DtmfEvent event) {
        events.dtmf(event);
        listener.dtmf(this, event);
    }

    // ---- API (any thread; runs on the loop) ----

    @Override
    public String label() {
        return label;
    }

    @Override
    public int localRtpPort(Side leg) {
        return leg(leg).rtpPort;
    }

    /**
     * Parses {@code sdp} on the caller's thread and runs {@code step} on the session's loop, unless
     * the SDP is malformed or the session is closed (both a {@link SdpResult.Rejected}).
     */
    private SdpResult onParsedLoop(String sdp, java.util.function.Function<SessionDescription, SdpResult> step) {
        SessionDescription parsed;
        try {
            parsed = SdpParser.parse(sdp);
        } catch (SdpException e) {
            return new SdpResult.Rejected(e.getMessage());
        }
        return onLoop(() -> closed
                ? new SdpResult.Rejected("media: session " + label + " is closed")
                : step.apply(parsed));
    }

    @Override
    public SdpResult offer(Side from, String sdp) {
        return onParsedLoop(sdp, parsed -> {
            LegState offerer = leg(from);
            MediaSection audio = parsed.media().get(parsed.audioIndex());
            SdesNegotiation.Choice choice = SdesNegotiation.fromOffer(offerer.crypto.policy(), audio);
            if (choice instanceof SdesNegotiation.Reject r) {
                return new SdpResult.Rejected(r.reason());
            }
            apply(from, parsed);
            offerer.crypto.offered(choice, audio.proto());
            offerFrom = from;
            offerMediaCount = parsed.media().size();
            LegState target = leg(from.other());
            return rewriteFor(from.other(), parsed,
                    new SdpRewriter.Audio(target.crypto.offerProfile(audio.proto()), target.crypto.offerLines()));
        });
    }

    @Override
    public SdpResult answer(Side from, String sdp) {
        return onParsedLoop(sdp, parsed -> {
            if (offerFrom != from.other()) {
                return new SdpResult.Rejected("sdp: answer from leg " + from + " (expected: an offer from leg "
                        + from.other() + " first)");
            }
            if (parsed.media().size() != offerMediaCount) {
                return new SdpResult.Rejected("sdp: answer has " + parsed.media().size() + " m= lines (expected: "
                        + offerMediaCount + " as in the offer, RFC 3264 section 6)");
            }
            LegState answerer = leg(from);
            MediaSection audio = parsed.media().get(parsed.audioIndex());
            SdesNegotiation.Choice choice = SdesNegotiation.fromAnswer(answerer.crypto.offeredToLeg(), audio);
            if (choice instanceof SdesNegotiation.Reject r) {
                return new SdpResult.Rejected(r.reason());
            }
            apply(from, parsed);
            answerer.crypto.answered(choice);
            LegState offerer = leg(from.other());
            return rewriteFor(from.other(), parsed,
                    new SdpRewriter.Audio(offerer.crypto.answerProfile(audio.proto()), offerer.crypto.answerLines()));
        });
    }

    private void apply(Side from, SessionDescription sdp) {
        long now = System.nanoTime();
        LegState leg = leg(from);
        leg.rtpLatch.signal(sdp.audio().rtp(), now);
        leg.rtcpLatch.signal(sdp.audio().rtcp(), now);
        leg.declared = sdp.audio().payloads();
        a.payloads = PayloadTypes.merge(a.declared, b.declared);
        b.payloads = PayloadTypes.merge(b.declared, a.declared);
    }

    private SdpResult rewriteFor(Side to, SessionDescription sdp, SdpRewriter.Audio audio) {
        LegState target = leg(to);
        return new SdpResult.Rewritten(
                SdpRewriter.rewrite(sdp, relay.settings().advertisedAddress(), target.rtpPort, target.origin, audio));
    }

    @Override
    public void encryption(Side leg, MediaEncryption encryption) {
        java.util.Objects.requireNonNull(encryption, "encryption");
        onLoop(() -> {
            leg(leg).crypto.policy(encryption);
            return null;
        });
    }

    @Override
    public CallRecording startRecording(RecordingOptions options) throws java.io.IOException {
        java.util.Objects.requireNonNull(options, "options");
        if (closed) {
            throw new IllegalStateException("media: session " + label + " is closed");
        }
        // The file is created here, off the loop; the recorder starts taking packets on the loop.
        Recorder r = new Recorder(options, loop, relay.recordingWriters(), System.nanoTime());
        String refused = onLoop(() -> {
            if (closed) {
                return "media: session " + label + " is closed";
            }
            if (recorder != null && !recorder.done().toCompletableFuture().isDone()) {
                return "media: session " + label + " is already recording to " + recorder.options().file();
            }
            recorder = r;
            return null;
        });
        if (refused != null) {
            r.stopOnLoopLater();
            r.done().thenRun(() -> {
                try {
                    java.nio.file.Files.deleteIfExists(options.file());
                } catch (java.io.IOException e) {
                    // an empty WAV left behind; retention removes it
                }
            });
            throw new IllegalStateException(refused);
        }
        return r;
    }

    @Override
    public MediaStats stats() {
        MediaStats done = finalStats;
        return done != null ? done : onLoop(this::snapshot);
    }

    private MediaStats snapshot() {
        return new MediaStats(label, a.stats(), b.stats(), Duration.ofNanos(System.nanoTime() - createdNanos),
                LatencyHistogram.of(latency));
    }

    @Override
    public synchronized MediaStats close() {
        if (finalStats != null) {
            return finalStats;
        }
        MediaStats stats = onLoop(() -> {
            closed = true;
            if (overload != null) {
                overload.remove(this);
            }
            if (timeoutCheck != null) {
                timeoutCheck.cancel(false);
            }
            if (recorder != null) {
                recorder.stopOnLoop(true);
            }
            MediaStats last = snapshot();
            a.crypto.close();
            b.crypto.close();
            return last;
        });
        finalStats = stats;
        relay.release(this, stats);
        return stats;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private <T> T onLoop(Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return loop.submit(task).syncUninterruptibly().getNow();
    }

    @Override
    public String toString() {
        return "MediaSession[" + label + " A:" + a.rtpPort + " B:" + b.rtpPort + "]";
    }
}
