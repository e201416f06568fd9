package io.softswitch.core.recording;

import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Sids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch's recordings: a row in {@code recordings} per WAV file {@code <sid>.wav} in one
 * directory. {@link #begin} checks the disk-space guard and creates the row ({@code in-progress});
 * {@link #finish} completes it from what was written. Thread-safe.
 */
public final class Recordings {
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);
    /** Twilio's error code on a recording that could not be completed. */
    public static final int RECORDING_FAILED = 16_104;

    /** Metrics and logs of what happens to recordings; called on any thread, must be quick. */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** A recording was not started: {@code reason} {@code disk} (guard) or {@code error}. */
        default void refused(String reason) {}

        default void started(RecordingSource source) {}

        /** A recording ended; {@code status} {@code completed} or {@code failed}. */
        default void finished(String status, Duration duration, long bytes) {}
    }

    /** A recording that began: its row exists (in-progress) and {@code file} is where the WAV goes. */
    public record Started(String sid, String accountSid, String callSid, Path file, Instant startTime) {}

    private final Rows rows;
    private final Path dir;
    private final long minFreeBytes;
    private final ToLongFunction<Path> freeSpace;
    private final java.util.function.Supplier<URI> apiBase;
    private final Listener listener;

    /**
     * @param apiBase where the REST API is reached ({@code http://host:port}), for {@code RecordingUrl}; asked on each use
     * @param freeSpace usable bytes on a path's file system (tests may shrink it)
     */
    public Recordings(Rows rows, Path dir, long minFreeBytes, java.util.function.Supplier<URI> apiBase, ToLongFunction<Path> freeSpace,
            Listener listener) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.minFreeBytes = minFreeBytes;
        this.apiBase = Objects.requireNonNull(apiBase, "apiBase");
        this.freeSpace = Objects.requireNonNull(freeSpace, "freeSpace");
        this.listener = Objects.requireNonNull(listener, "listener");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("recordings.dir: " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Usable bytes of {@code path}'s file system (0 when it cannot be read: no recording then). */
    public static long usableSpace(Path path) {
        try {
            return Files.getFileStore(path).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    public Path dir() {
        return dir;
    }

    /** The WAV file of {@code sid} (which must be a valid {@code RE} SID). */
    public Path file(String sid) {
        if (!Sids.isValid("RE", sid)) {
            throw new IllegalArgumentException("sid: " + sid + " (expected: RE followed by 32 hex digits)");
        }
        return dir.resolve(sid + ".wav");
    }

    /** Twilio's {@code RecordingUrl}: the recording under its account, without extension. */
    public URI url(String accountSid, String sid) {
        return URI.create(apiBase.get() + "/2010-04-01/Accounts/" + accountSid + "/Recordings/" + sid);
    }

    /**
     * Starts a recording of {@code channels} channels: empty (WARN, {@link Listener#refused}) when
     * the free space on the directory's file system is below {@code recordings.min_free_mb}.
     */
    public Optional<Started> begin(String accountSid, String callSid, RecordingSource source, int channels) {
        long free = freeSpace.applyAsLong(dir);
        if (free < minFreeBytes) {
            LOG.warn("{}: not recorded: {} MiB free in {} (recordings.min_free_mb: {})", callSid, free >> 20, dir,
                    minFreeBytes >> 20);
            listener.refused("disk");
            return Optional.empty();
        }
        String sid = Sids.next("RE");
        Instant now = Rows.now();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sid", sid);
        v.put("account_sid", accountSid);
        v.put("call_sid", callSid);
        v.put("source", source.twilio());
        v.put("status", "in-progress");
        v.put("channels", channels);
        v.put("start_time", now);
        try {
            rows.insert("recordings", v);
        } catch (RuntimeException e) {
            LOG.warn("{}: not recorded: {}", callSid, e.toString());
            listener.refused("error");
            return Optional.empty();
        }
        listener.started(source);
        return Optional.of(new Started(sid, accountSid, callSid, file(sid), now));
    }

    /**
     * Records a relayed call's media session: the row, then the relay's tap
     * ({@link io.softswitch.core.call.MediaBridge.Session#record}); the row is completed when the
     * recording ends (stopped, or the session closed). This is the recorder API for every source
     * on a relayed call: trunk modes, {@code Record=true} on {@code POST Calls}, {@code <Dial record>}.
     * Empty when the guard refused or the tap failed (logged; the call goes on unrecorded).
     *
     * @param dual caller (leg A) left, callee (leg B) right; else both mixed
     */
    public Optional<Relayed> recordRelayed(String accountSid, String callSid, RecordingSource source,
            io.softswitch.core.call.MediaBridge.Session media, boolean dual, boolean trimSilence) {
        return recordRelayed(accountSid, callSid, source, media, dual, trimSilence, f -> { });
    }

    /** A recording that ended and whose row is complete: {@code error} null when it is {@code completed}. */
    public record Finished(Started started, int channels, Duration duration, String error) {}

    /**
     * {@link #recordRelayed} telling {@code finished} once the row is complete (never when the
     * recording did not start), off the media threads: where {@code RecordingStatusCallback} goes
     * out, after the row a callback's receiver may fetch.
     */
    public Optional<Relayed> recordRelayed(String accountSid, String callSid, RecordingSource source,
            io.softswitch.core.call.MediaBridge.Session media, boolean dual, boolean trimSilence,
            java.util.function.Consumer<Finished> finished) {
        Optional<Started> started = begin(accountSid, callSid, source, dual ? 2 : 1);
        if (started.isEmpty()) {
            return Optional.empty();
        }
        Started s = started.get();
        try {
            io.softswitch.media.CallRecording r = media.record(new io.softswitch.media.RecordingOptions(s.file(), dual,
                    trimSilence));
            // completed on the relay's writer thread: the row is written elsewhere, never holding the disk
            r.done().whenCompleteAsync((result, e) -> {
                if (e != null) {
                    finish(s, Duration.ZERO, 0, "recording: " + e);
                    finished.accept(new Finished(s, dual ? 2 : 1, Duration.ZERO, "recording: " + e));
                } else {
                    finish(s, result.duration(), result.bytes(), result.error());
                    finished.accept(new Finished(s, dual ? 2 : 1, result.duration(), result.error()));
                }
            });
            return Optional.of(new Relayed(s, r));
        } catch (IOException | RuntimeException e) {
            finish(s, Duration.ZERO, 0, "recording: " + e.getMessage());
            listener.refused("error");
            return Optional.empty();
        }
    }

    /** A relayed recording in progress: its row and the relay's handle ({@code stop()} ends it early). */
    public record Relayed(Started started, io.softswitch.media.CallRecording recording) {}

    /** Completes the row of {@code started}: duration and size, or {@code failed} with {@code error}. */
    public void finish(Started started, Duration duration, long bytes, String error) {
        Map<String, Object> v = new LinkedHashMap<>();
        boolean ok = error == null;
        v.put("status", ok ? "completed" : "failed");
        v.put("duration_ms", duration.toMillis());
        v.put("bytes", bytes);
        if (!ok) {
            LOG.warn("{}: recording {} failed: {}", started.callSid(), started.sid(), error);
            v.put("error_code", RECORDING_FAILED);
            v.put("error_message", error.length() > 500 ? error.substring(0, 500) : error);
        }
        try {
            rows.update("recordings", started.sid(), v);
        } catch (RuntimeException e) {
            LOG.warn("{}: recording {} row not completed: {}", started.callSid(), started.sid(), e.toString());
        }
        listener.finished(ok ? "completed" : "failed", duration, bytes);
    }

    /** Writes a whole WAV (a {@code <Record>} from the media endpoint) and completes the row; false when it failed. */
    public boolean store(Started started, byte[] wav, Duration duration) {
        try {
            Files.write(started.file(), wav, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            finish(started, duration, wav.length, null);
            return true;
        } catch (IOException e) {
            finish(started, Duration.ZERO, 0, "recording: " + started.file() + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Completes the rows a previous process left {@code in-progress} (it stopped mid-call): the
     * file on disk holds everything written up to about a second before (its header is valid after
     * every write), so its length is the duration; a missing file is a failure. Call at start,
     * before any call. Returns how many rows were completed.
     */
    public int recoverInterrupted() {
        int n = 0;
        for (Map<String, Object> r : rows.list("recordings", "status = 'in-progress'", List.of(), "start_time", 10_000, 0)) {
            String sid = (String) r.get("sid");
            Started s = new Started(sid, (String) r.get("account_sid"), (String) r.get("call_sid"), file(sid),
                    (Instant) r.get("start_time"));
            int channels = ((Number) r.get("channels")).intValue();
            try {
                long bytes = Files.size(s.file());
                long frames = Math.max(0, bytes - 44) / (2L * channels);
                finish(s, Duration.ofMillis(frames / 8), bytes, null);
            } catch (IOException e) {
                finish(s, Duration.ZERO, 0, "recording: interrupted and no file: " + e.getMessage());
            }
            n++;
        }
        return n;
    }

    /** Deletes the file and the row of {@code sid} in {@code accountSid}; false when there is no such row. */
    public boolean delete(String accountSid, String sid) {
        int n = rows.delete("recordings", "sid = ? AND account_sid = ?", sid, accountSid);
        if (n > 0) {
            deleteFile(sid);
        }
        return n > 0;
    }

    private void deleteFile(String sid) {
        try {
            Files.deleteIfExists(file(sid));
        } catch (IOException e) {
            LOG.warn("recording {}: file not deleted: {}", sid, e.getMessage());
        }
    }

    /**
     * Deletes recordings (file and row) that started before {@code now - retention}; recordings
     * still in progress are kept. Returns how many were deleted.
     */
    public int purge(Duration retention, Instant now) {
        Instant cutoff = now.minus(retention);
        int deleted = 0;
        while (true) {
            List<Map<String, Object>> old = rows.list("recordings", "start_time < ? AND status <> 'in-progress'",
                    List.of(cutoff), "start_time", 500, 0);
            for (Map<String, Object> r : old) {
                String sid = (String) r.get("sid");
                if (rows.delete("recordings", "sid = ?", sid) > 0) {
                    deleteFile(sid);
                    deleted++;
                }
            }
            if (old.size() < 500) {
                return deleted;
            }
        }
    }
}
