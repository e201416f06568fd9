package io.softswitch.media.internal.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.softswitch.media.Side;
import io.softswitch.media.endpoint.Codec;
import io.softswitch.media.endpoint.EndpointListener;
import io.softswitch.media.endpoint.MediaEndpoint;
import io.softswitch.media.internal.rtp.DtmfDetector;
import io.softswitch.media.internal.rtp.RtpPackets;
import io.softswitch.media.internal.srtp.SdesCrypto;
import io.softswitch.media.internal.srtp.SrtpStream;
import io.softswitch.media.internal.srtp.SrtpTranslator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * {@link MediaEndpoint} on one Netty datagram channel. All state is confined to the channel's event
 * loop: public methods post to it, and {@link #tick()} is called every 20 ms by the shared clock
 * of {@code MediaEndpoints}, which sends at most one RTP packet per tick (RFC 3550 section 5.1:
 * sequence +1 per packet, timestamp +160 per 20 ms frame at 8 kHz; marker bit at the start of a
 * talkspurt, RFC 3551 section 4.1). Nothing is sent while there is nothing to play.
 *
 * <p>Why one class of this size: sending, receiving and recording share the event-loop-confined
 * state of one RTP stream (sequence, timestamp, the tick count that silence detection reads).
 */
public final class RtpEndpoint extends SimpleChannelInboundHandler<DatagramPacket> implements MediaEndpoint {
    private static final int SAMPLES = DigitFrames.SAMPLES_PER_FRAME;

    private record Playout(short[] pcm, Runnable done) {}

    private final Codec codec;
    private final int eventPayloadType;
    private final EndpointListener listener;
    private final Consumer<RtpEndpoint> onClose;
    private final DtmfDetector detector = new DtmfDetector(Side.A);
    private final ArrayDeque<Playout> audio = new ArrayDeque<>();
    /** {@link DigitFrames.Frame}s and completion {@link Runnable}s, in order. */
    private final ArrayDeque<Object> digits = new ArrayDeque<>();
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private Channel channel;
    private EventLoop loop;
    private InetSocketAddress remote;
    private int offset;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextInt() & 0xffffffffL;
    private long eventTimestamp;
    private boolean talking;
    private boolean closed;
    private byte[] recorded = new byte[0];
    private int recordedLength;
    private long recordMax;
    private boolean recording;
    private long ticks;
    private long lastVoiceTick;
    private long silenceTicks;
    private Runnable onSilence;
    /** Largest datagram transformed; a bigger one is dropped (a G.711 frame is 172 bytes). */
    private static final int MAX_DATAGRAM = 2048;
    /** SRTP both ways, or all three null for plain RTP; used on the event loop only. */
    private final SrtpStream unprotect;
    private final SrtpStream protect;
    private final SrtpTranslator srtp;

    public RtpEndpoint(Codec codec, int eventPayloadType, EndpointListener listener, Consumer<RtpEndpoint> onClose) {
        this(codec, eventPayloadType, listener, null, null, onClose);
    }

    /**
     * @param theirs the far end's SDES key (what it sends is unprotected with it), null for plain RTP
     * @param ours   our SDES key (what we send is protected with it), null for plain RTP
     */
    public RtpEndpoint(Codec codec, int eventPayloadType, EndpointListener listener, SdesCrypto theirs, SdesCrypto ours,
            Consumer<RtpEndpoint> onClose) {
        this.codec = codec;
        this.eventPayloadType = eventPayloadType;
        this.listener = listener;
        this.onClose = onClose;
        if ((theirs == null) != (ours == null)) {
            throw new IllegalArgumentException("srtp: both keys or neither (expected: SDES both ways)");
        }
        this.unprotect = theirs == null ? null : SrtpStream.unprotect(theirs);
        this.protect = ours == null ? null : SrtpStream.protect(ours);
        this.srtp = theirs == null ? null : new SrtpTranslator(MAX_DATAGRAM);
    }

    /** Binds this endpoint to its channel; called once after the bind succeeded. */
    public void attach(Channel channel) {
        this.channel = channel;
        this.loop = channel.eventLoop();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void remote(InetSocketAddress remote) {
        loop.execute(() -> this.remote = remote);
    }

    @Override
    public void play(short[] pcm8k, Runnable done) {
        loop.execute(() -> {
            if (!closed) {
                audio.add(new Playout(pcm8k, done));
            }
        });
    }

    @Override
    public void stopPlayback() {
        loop.execute(() -> {
            audio.clear();
            digits.clear();
            offset = 0;
        });
    }

    @Override
    public void sendDigits(String dtmf, Runnable done) {
        ArrayDeque<DigitFrames.Frame> frames = DigitFrames.of(dtmf);
        loop.execute(() -> {
            if (!closed) {
                digits.addAll(frames);
                digits.add(done);
            }
        });
    }

    @Override
    public CompletionStage<Void> startRecording(Duration maxLength, Duration silence, Runnable onSilence) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        long silenceTicks = (silence.toMillis() + 19) / 20;
        loop.execute(() -> {
            recording = true;
            this.silenceTicks = silenceTicks;
            this.onSilence = onSilence;
            lastVoiceTick = ticks;
            recordedLength = 0;
            recordMax = Math.max(0, maxLength.toMillis() * 8);
            recorded = new byte[(int) Math.min(recordMax, 8000 * 10)];
            started.complete(null);
        });
        return started;
    }

    @Override
    public CompletionStage<byte[]> stopRecording() {
        CompletableFuture<byte[]> wav = new CompletableFuture<>();
        loop.execute(() -> {
            recording = false;
            onSilence = null;
            short[] pcm = new short[recordedLength];
            for (int i = 0; i < recordedLength; i++) {
                pcm[i] = codec.decode(recorded[i]);
            }
            recorded = new byte[0];
            wav.complete(WavFile.of(pcm));
        });
        return wav;
    }

    @Override
    public void close() {
        loop.execute(() -> {
            if (!closed) {
                closed = true;
                audio.clear();
                digits.clear();
                channel.close();
                if (srtp != null) {
                    protect.close();
                    unprotect.close();
                }
                onClose.accept(this);
            }
        });
    }

    /** One 20 ms frame: a digit event if any is queued, else audio, else nothing. On the event loop. */
    public void tick() {
        if (closed) {
            return;
        }
        ticks++;
        checkSilence();
        runCompletions();
        DigitFrames.Frame frame = (DigitFrames.Frame) digits.poll();
        if (frame != null) {
            if (frame.isEvent()) {
                if (frame.start()) {
                    eventTimestamp = timestamp;
                }
                sendEvent(frame);
            }
            runCompletions();
        } else if (!audio.isEmpty()) {
            sendAudio();
        } else {
            talking = false;
        }
        timestamp = (timestamp + SAMPLES) & 0xffffffffL;
    }

    private void checkSilence() {
        if (recording && onSilence != null && silenceTicks > 0 && ticks - lastVoiceTick >= silenceTicks) {
            Runnable r = onSilence;
            onSilence = null;
            r.run();
        }
    }

    private void runCompletions() {
        while (digits.peek() instanceof Runnable done) {
            digits.poll();
            done.run();
        }
    }

    private void sendAudio() {
        ByteBuf packet = header(codec.payloadType(), !talking, timestamp, SAMPLES);
        talking = true;
        Runnable finished = null;
        for (int i = 0; i < SAMPLES; i++) {
            Playout p = audio.peek();
            if (p != null && offset >= p.pcm().length) {
                audio.poll();
                offset = 0;
                finished = chain(finished, p.done());
                p = audio.peek();
            }
            packet.writeByte(p == null ? codec.silence() : codec.encode(p.pcm()[offset++]));
        }
        Playout last = audio.peek();
        if (last != null && offset >= last.pcm().length) {
            audio.poll();
            offset = 0;
            finished = chain(finished, last.done());
        }
        send(packet);
        if (finished != null) {
            finished.run();
        }
    }

    private void sendEvent(DigitFrames.Frame f) {
        // RFC 4733 section 2.3: event (8 bits), E R volume (8 bits), duration (16 bits)
        ByteBuf packet = header(eventPayloadType, f.start(), eventTimestamp, 4);
        packet.writeByte(f.event());
        packet.writeByte((f.end() ? 0x80 : 0) | DigitFrames.VOLUME);
        packet.writeShort(f.duration());
        send(packet);
    }

    private ByteBuf header(int payloadType, boolean marker, long ts, int payloadSize) {
        ByteBuf b = channel.alloc().buffer(RtpPackets.RTP_HEADER + payloadSize);
        b.writeByte(0x80);
        b.writeByte((marker ? 0x80 : 0) | payloadType);
        b.writeShort(sequence);
        sequence = (sequence + 1) & 0xffff;
        b.writeInt((int) ts);
        b.writeInt(ssrc);
        return b;
    }

    private void send(ByteBuf packet) {
        if (remote == null) {
            packet.release();
            return;
        }
        if (srtp != null) {
            if (srtp.translate(packet, false, ssrc, protect) != SrtpStream.Result.OK) {
                packet.release();
                return;
            }
            packet = srtp.output();
        }
        channel.writeAndFlush(new DatagramPacket(packet, remote), channel.voidPromise());
    }

    private boolean isVoice(ByteBuf rtp, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            double v = codec.decode(rtp.getByte(i));
            sum += v * v;
        }
        return to > from && Math.sqrt(sum / (to - from)) > VOICE_RMS;
    }

    private static Runnable chain(Runnable a, Runnable b) {
        return a == null ? b : () -> {
            a.run();
            b.run();
        };
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf rtp = packet.content();
        if (closed || !RtpPackets.isRtp(rtp)) {
            return;
        }
        // RFC 3711 section 3.3: authenticate (and check replay) before anything reads the packet,
        // latching included. The plain packet is never longer, so it stays in this buffer.
        if (srtp != null && (srtp.translate(rtp, false, RtpPackets.ssrc(rtp), unprotect) != SrtpStream.Result.OK
                || srtp.output() != rtp)) {
            return;
        }
        int offset = RtpPackets.payloadOffset(rtp);
        if (offset < 0) {
            return;
        }
        if (remote == null) {
            remote = packet.sender();
        }
        int pt = RtpPackets.payloadType(rtp);
        if (pt == eventPayloadType) {
            detector.onPacket(rtp, offset, RtpPackets.timestamp(rtp), 8000, e -> {
                if (e.end()) {
                    listener.digit(e.digit());
                }
            });
        } else if (pt == codec.payloadType()) {
            int from = rtp.readerIndex() + offset;
            if (recording) {
                record(rtp, from, rtp.writerIndex());
            }
            if (listener != EndpointListener.NONE) {
                short[] pcm = new short[rtp.writerIndex() - from];
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = codec.decode(rtp.getByte(from + i));
                }
                listener.audio(pcm);
            }
        }
    }

    private void record(ByteBuf rtp, int from, int to) {
        if (isVoice(rtp, from, to)) {
            lastVoiceTick = ticks;
        }
        int n = (int) Math.min(to - from, recordMax - recordedLength);
        if (n <= 0) {
            return;
        }
        if (recordedLength + n > recorded.length) {
            recorded = Arrays.copyOf(recorded, (int) Math.min(recordMax, Math.max(recorded.length * 2L, recordedLength + n)));
        }
        rtp.getBytes(from, recorded, recordedLength, n);
        recordedLength += n;
    }
}
