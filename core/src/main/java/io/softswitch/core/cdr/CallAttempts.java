package io.softswitch.core.cdr;

import io.softswitch.core.call.CallEvents;
import io.softswitch.core.call.CallSummary;
import io.softswitch.core.call.OutboundInvite;
import io.softswitch.core.cdr.internal.AttemptRow;
import io.softswitch.core.cdr.internal.SpoolFile;
import io.softswitch.core.cdr.internal.SpooledWriter;
import io.softswitch.core.store.Jdbc;
import io.softswitch.sip.SipStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every outbound attempt of each call, in the order tried, into {@code call_attempts}
 * ({@code V3_29}): carrier, gateway, target and the SIP status the attempt ended with. The engine's
 * attempt events are collected in memory per call and queued when the call ends; this class's own
 * thread writes each call's attempts in one transaction, so engine threads never wait on the database.
 *
 * <p>Delivery, as for call records ({@link CdrWriter}): a batch that cannot be written (database
 * down) goes to the spool file {@value #SPOOL_FILE} in the data directory (fsynced), and while the
 * spool holds anything new batches are appended to it too; the spool is replayed every
 * {@code retryMs} and at the next start. Rows are inserted if absent by (call, attempt), so a
 * replay interrupted half-way and replayed again writes each attempt exactly once. A full queue
 * ({@link #BACKLOG} calls) spools from the submitting thread. {@link #close()} writes or spools what
 * is queued.
 */
public final class CallAttempts implements CallEvents, AutoCloseable {
    /** Finished calls whose attempts may wait in memory for the writer. */
    public static final int BACKLOG = 10_000;
    /**
     * Most calls written in one transaction: one commit per call cost the database (H2's MVStore
     * writes a new root per commit) more than the inserts themselves (issue 15).
     */
    private static final int BATCH = 200;
    /** Spool file name in the data directory. */
    public static final String SPOOL_FILE = "attempts-spool.jsonl";
    /** Pause between replays while the database is down. */
    public static final long DEFAULT_RETRY_MS = 1000;
    private static final String INSERT = "INSERT INTO call_attempts (call_sid, attempt, carrier_sid, gateway_sid, target,"
            + " sip_status, sip_reason, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /** One attempt as the call detail page shows it. */
    public record Attempt(int attempt, String carrierSid, String gatewaySid, String target, int sipStatus,
            String sipReason, Instant startedAt, Instant endedAt) {
    }

    private static final class Open {
        final OutboundInvite route;
        final Instant startedAt;
        SipStatus status;
        Instant endedAt;

        Open(OutboundInvite route, Instant startedAt) {
            this.route = route;
            this.startedAt = startedAt;
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final Map<String, List<Open>> pending = new ConcurrentHashMap<>();
    private final SpooledWriter<AttemptRow> writer;

    public CallAttempts(Jdbc jdbc, Clock clock, Path dataDir) {
        this(jdbc, clock, dataDir, DEFAULT_RETRY_MS);
    }

    public CallAttempts(Jdbc jdbc, Clock clock, Path dataDir, long retryMs) {
        this.jdbc = jdbc;
        this.clock = clock;
        // One call's rows per insert: each call's attempts in one transaction of their own.
        this.writer = new SpooledWriter<>("call attempts", "call-attempts", this::insert,
                new SpoolFile<>(dataDir.resolve(SPOOL_FILE), AttemptRow.class), BACKLOG, BATCH, 500, Math.min(retryMs, 200),
                retryMs);
    }

    @Override
    public void attemptStarted(String callSid, OutboundInvite attempt) {
        // a call's events come in order on its stripe: the list is only touched by one thread at a time
        pending.computeIfAbsent(callSid, k -> new ArrayList<>()).add(new Open(attempt, clock.instant()));
    }

    @Override
    public void attemptEnded(String callSid, OutboundInvite attempt, SipStatus status) {
        List<Open> list = pending.get(callSid);
        if (list == null) {
            return;
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            Open o = list.get(i);
            if (o.route == attempt && o.status == null) {
                o.status = status;
                o.endedAt = clock.instant();
                return;
            }
        }
    }

    @Override
    public void callEnded(CallSummary summary) {
        List<Open> list = pending.remove(summary.sid());
        if (list == null || list.isEmpty()) {
            return;
        }
        List<AttemptRow> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Open o = list.get(i);
            SipStatus st = o.status == null ? SipStatus.REQUEST_TERMINATED : o.status;
            rows.add(new AttemptRow(summary.sid(), i + 1, o.route.carrier(), cut(o.route.gateway(), 64),
                    cut(o.route.target().toString(), 255), st.code(), cut(st.reasonPhrase(), 128), o.startedAt,
                    o.endedAt == null ? summary.endTime() : o.endedAt));
        }
        writer.submit(rows);
    }

    /** Attempt rows inserted so far (replays included; a row already there is not counted). */
    public long written() {
        return writer.written();
    }

    /** Attempt rows that went through the spool file so far. */
    public long spooled() {
        return writer.spooled();
    }

    /** Whether rows wait in the spool for the database. */
    public boolean spoolPending() {
        return writer.spoolPending();
    }

    private int insert(List<AttemptRow> rows) {
        return jdbc.inTransaction(c -> {
            int inserted = 0;
            for (AttemptRow a : rows) {
                inserted += Jdbc.update(c, INSERT, a.callSid(), a.attempt(), a.carrierSid(), a.gatewaySid(), a.target(),
                        a.sipStatus(), a.sipReason(), a.startedAt(), a.endedAt());
            }
            return inserted;
        });
    }

    /** The attempts of {@code callSid}, first tried first. */
    public static List<Attempt> of(Jdbc jdbc, String callSid) {
        return jdbc.query("SELECT * FROM call_attempts WHERE call_sid = ? ORDER BY attempt", rs -> new Attempt(
                rs.getInt("attempt"), rs.getString("carrier_sid"), rs.getString("gateway_sid"), rs.getString("target"),
                rs.getInt("sip_status"), rs.getString("sip_reason"), Jdbc.instant(rs, "started_at"),
                Jdbc.instant(rs, "ended_at")), callSid);
    }

    private static String cut(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n);
    }

    /** Stops accepting into the queue, writes (or spools) what is queued, tries one last replay. */
    @Override
    public void close() {
        writer.close();
    }
}
