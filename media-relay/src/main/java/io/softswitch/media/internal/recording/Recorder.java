package io.softswitch.media.internal.recording;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.softswitch.media.CallRecording;
import io.softswitch.media.RecordingOptions;
import io.softswitch.media.RecordingResult;
import io.softswitch.media.codec.G711;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One relay recording. The packet side ({@link #onRtp}) is confined to the session's event loop:
 * each G.711 packet is decoded into a ring of the last {@link #RING_SAMPLES} samples per channel
 * (mono: both directions summed, clipped), at the position its RTP timestamp gives, anchored on
 * the packet's arrival time. Once a second the audio older than {@link #HOLD_BACK_SAMPLES}
 * (late packets still fit in) goes to the writer thread. A stream whose timestamps leave its
 * arrival time (new SSRC, a jump, a drifting clock) by more than {@link #RESYNC_BEHIND_SAMPLES}
 * late or {@link #RESYNC_AHEAD_SAMPLES} early is anchored again. The ring holds 4 s: the 1 s flush
 * period, the hold-back and the 2 s lead fit in it.
 */
public final class Recorder implements CallRecording {
    static final int RING_SAMPLES = 4 * WavWriter.SAMPLE_RATE;
    static final int HOLD_BACK_SAMPLES = WavWriter.SAMPLE_RATE * 3 / 10;
    /** A packet later than this (by its timestamp) re-anchors its stream: 300 ms, the hold-back. */
    static final int RESYNC_BEHIND_SAMPLES = HOLD_BACK_SAMPLES;
    /** A packet earlier than this re-anchors its stream: 2 s (a sender catching up after a stall stays in). */
    static final int RESYNC_AHEAD_SAMPLES = 2 * WavWriter.SAMPLE_RATE;
    /** Samples within this level count as silence for trimming (about -50 dBov). */
    static final int TRIM_THRESHOLD = 100;
    private static final long FLUSH_PERIOD_MS = 1000;

    private final RecordingOptions options;
    private final EventLoop loop;
    private final RecordingWriters writers;
    private final WavWriter wav;
    private final int channels;
    private final short[][] ring;
    private final long startNanos;
    private final Clock[] clocks = {new Clock(), new Clock()};
    private final CompletableFuture<RecordingResult> done = new CompletableFuture<>();
    private final ScheduledFuture<?> flushTask;
    private long flushed;
    private boolean stopped;
    /** Why the recording ended early; set on the loop. */
    private volatile String error;
    /** The first write failure; set on the writer thread, which then appends nothing more. */
    private volatile String writeError;

    /** A direction's RTP timestamp mapped to sample positions of the recording. */
    private static final class Clock {
        boolean anchored;
        long base;
        long timestampBase;
    }

    /** Opens the file on the caller's thread and starts the flush timer on {@code loop}. */
    public Recorder(RecordingOptions options, EventLoop loop, RecordingWriters writers, long nowNanos) throws IOException {
        this.options = options;
        this.loop = loop;
        this.writers = writers;
        this.channels = options.channels();
        this.wav = new WavWriter(options.file(), channels);
        this.ring = new short[channels][RING_SAMPLES];
        this.startNanos = nowNanos;
        this.flushTask = loop.scheduleAtFixedRate(() -> flush(position(System.nanoTime()) - HOLD_BACK_SAMPLES),
                FLUSH_PERIOD_MS, FLUSH_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public RecordingOptions options() {
        return options;
    }

    private long position(long nanos) {
        return (nanos - startNanos) * WavWriter.SAMPLE_RATE / 1_000_000_000L;
    }

    /**
     * A packet of direction {@code direction} (0: from leg A, 1: from leg B) with payload type
     * {@code pt} and its payload at {@code offset}; anything but PCMU (0) and PCMA (8) is ignored.
     * Event loop only; reads the buffer, never keeps it.
     */
    public void onRtp(int direction, ByteBuf buf, int offset, int pt, long timestamp, long nowNanos) {
        if (stopped || (pt != 0 && pt != 8)) {
            return;
        }
        int start = buf.readerIndex() + offset;
        int end = buf.writerIndex();
        if ((buf.getUnsignedByte(buf.readerIndex()) & 0x20) != 0 && end > start) { // padding, RFC 3550 5.1
            end -= buf.getUnsignedByte(end - 1);
        }
        int n = end - start;
        if (n <= 0) {
            return;
        }
        long arrival = position(nowNanos);
        Clock clock = clocks[direction];
        long pos = clock.base + (int) (timestamp - clock.timestampBase); // signed 32-bit difference: wrap-safe
        long lead = pos + n - arrival;
        if (!clock.anchored || lead < -RESYNC_BEHIND_SAMPLES || lead > RESYNC_AHEAD_SAMPLES) {
            clock.anchored = true;
            clock.base = arrival - n;
            clock.timestampBase = timestamp;
            pos = clock.base;
        }
        if (pos + n > flushed + RING_SAMPLES) {
            flush(pos + n - RING_SAMPLES);
        }
        short[] samples = ring[channels == 2 ? direction : 0];
        boolean ulaw = pt == 0;
        for (int i = 0; i < n; i++) {
            long p = pos + i;
            if (p < flushed) {
                continue; // too late: that second is written already
            }
            byte code = buf.getByte(start + i);
            int s = ulaw ? G711.ulawToLinear(code) : G711.alawToLinear(code);
            int at = (int) (p % RING_SAMPLES);
            if (channels == 1) {
                s = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s + samples[at]));
            }
            samples[at] = (short) s;
        }
    }

    /** Hands the audio before sample {@code upTo} to the writer thread. Event loop only. */
    private void flush(long upTo) {
        if (stopped || upTo <= flushed || error != null) {
            return;
        }
        int n = (int) (upTo - flushed);
        byte[] out = new byte[n * channels * 2];
        int o = 0;
        for (long p = flushed; p < upTo; p++) {
            int at = (int) (p % RING_SAMPLES);
            for (int c = 0; c < channels; c++) {
                short s = ring[c][at];
                ring[c][at] = 0;
                out[o++] = (byte) s;
                out[o++] = (byte) (s >> 8);
            }
        }
        flushed = upTo;
        if (!writers.submit(out.length, () -> write(out))) {
            failOnLoop("recording: writer backlog over " + RecordingWriters.MAX_PENDING_BYTES + " bytes");
        }
    }

    /** Writer thread. */
    private void write(byte[] pcm) {
        if (writeError != null) {
            return;
        }
        try {
            wav.append(pcm);
        } catch (IOException e) {
            String why = "recording: " + options.file() + ": " + e.getMessage();
            writeError = why;
            loop.execute(() -> failOnLoop(why));
        }
    }

    private void failOnLoop(String why) {
        if (error == null) {
            error = why;
            stopOnLoop(false);
        }
    }

    /** Ends a recorder that never took a packet (its session refused it) from any thread. */
    public void stopOnLoopLater() {
        loop.execute(() -> stopOnLoop(false));
    }

    @Override
    public CompletionStage<RecordingResult> stop() {
        if (loop.inEventLoop()) {
            stopOnLoop(true);
        } else {
            loop.execute(() -> stopOnLoop(true));
        }
        return done;
    }

    @Override
    public CompletionStage<RecordingResult> done() {
        return done;
    }

    /** Stops taking packets; writes the rest (unless failed), closes, trims, completes. Event loop only. */
    public void stopOnLoop(boolean flushRest) {
        if (stopped) {
            return;
        }
        if (flushRest && error == null) {
            flush(position(System.nanoTime()));
        }
        stopped = true;
        flushTask.cancel(false);
        Runnable finish = () -> {
            String why = error != null ? error : writeError;
            long bytes = wav.dataBytes();
            try {
                wav.close();
                if (why == null && options.trimSilence()) {
                    bytes = WavWriter.trimSilence(options.file(), channels, TRIM_THRESHOLD);
                }
            } catch (IOException e) {
                why = why != null ? why : "recording: " + options.file() + ": " + e.getMessage();
            }
            long frames = bytes / (2L * channels);
            done.complete(new RecordingResult(options.file(), channels,
                    Duration.ofNanos(frames * 1_000_000_000L / WavWriter.SAMPLE_RATE), WavWriter.HEADER + bytes, why));
        };
        if (!writers.submit(0, finish)) {
            finish.run(); // the writer is gone (relay shut down): close here
        }
    }
}
