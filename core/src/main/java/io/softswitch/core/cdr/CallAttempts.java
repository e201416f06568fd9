package io.softswitch.core.cdr;

import io.softswitch.core.call.CallEvents;
import io.softswitch.core.call.CallSummary;
import io.softswitch.core.call.OutboundInvite;
import io.softswitch.core.store.Jdbc;
import io.softswitch.core.store.StoreException;
import io.softswitch.sip.SipStatus;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every outbound attempt of each call, in the order tried, into {@code call_attempts}
 * ({@code V3_29}): carrier, gateway, target and the SIP status the attempt ended with. The engine's
 * attempt events are collected in memory per call and written in one batch by this class's own
 * thread when the call ends, so engine threads never wait on the database. Unlike the call record
 * itself (spooled by {@link CdrWriter}), a batch that cannot be written (database down, or more
 * than {@link #BACKLOG} calls waiting) is logged and left out: the record's {@code attempts} count
 * still says how many there were.
 */
public final class CallAttempts implements CallEvents, AutoCloseable {
    /** Finished calls whose attempts may wait for the writer. */
    public static final int BACKLOG = 10_000;
    /** Most calls written in one transaction. */
    private static final int BATCH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(CallAttempts.class);

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
    private final ThreadPoolExecutor writer;
    /** Finished calls' rows waiting for the writer, which commits many calls per transaction. */
    private final Queue<CallRows> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();

    private record CallRows(String callSid, List<Attempt> rows) {
    }

    public CallAttempts(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(BACKLOG), r -> {
            Thread t = new Thread(r, "call-attempts");
            t.setDaemon(true);
            return t;
        });
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
        List<Attempt> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Open o = list.get(i);
            SipStatus st = o.status == null ? SipStatus.REQUEST_TERMINATED : o.status;
            rows.add(new Attempt(i + 1, o.route.carrier(), o.route.gateway(), cut(o.route.target().toString(), 255),
                    st.code(), cut(st.reasonPhrase(), 128), o.startedAt, o.endedAt == null ? summary.endTime() : o.endedAt));
        }
        if (waiting.incrementAndGet() > BACKLOG) {
            waiting.decrementAndGet();
            LOG.warn("{}: {} attempt(s) not recorded: the attempt writer is {} calls behind", summary.sid(), rows.size(),
                    BACKLOG);
            return;
        }
        ready.add(new CallRows(summary.sid(), rows));
        if (draining.compareAndSet(false, true)) {
            try {
                writer.execute(this::drain);
            } catch (RejectedExecutionException e) { // closed
                draining.set(false);
                LOG.warn("{}: {} attempt(s) not recorded: the attempt writer is closed", summary.sid(), rows.size());
            }
        }
    }

    /**
     * Writes what is ready, up to {@link #BATCH} calls per transaction: one commit per call cost the
     * database (H2's MVStore writes a new root per commit) more than the inserts themselves (issue 15).
     */
    private void drain() {
        List<CallRows> batch = new ArrayList<>(BATCH);
        while (true) {
            CallRows next;
            while (batch.size() < BATCH && (next = ready.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                draining.set(false);
                // a call that ended after the poll above and saw draining == true must not be stranded
                if (ready.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            waiting.addAndGet(-batch.size());
            write(batch);
            batch.clear();
        }
    }

    private void write(List<CallRows> batch) {
        try {
            jdbc.inTransaction(c -> {
                // one statement, executed as a JDBC batch: a statement per row cost H2 a parse each
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_attempts (call_sid, attempt,"
                        + " carrier_sid, gateway_sid, target, sip_status, sip_reason, started_at, ended_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (CallRows call : batch) {
                        for (Attempt a : call.rows()) {
                            ps.setString(1, call.callSid());
                            ps.setInt(2, a.attempt());
                            ps.setString(3, a.carrierSid());
                            ps.setString(4, cut(a.gatewaySid(), 64));
                            ps.setString(5, a.target());
                            ps.setInt(6, a.sipStatus());
                            ps.setString(7, a.sipReason());
                            ps.setObject(8, a.startedAt() == null ? null : Jdbc.utc(a.startedAt()));
                            ps.setObject(9, a.endedAt() == null ? null : Jdbc.utc(a.endedAt()));
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (StoreException e) {
            for (CallRows call : batch) {
                LOG.warn("{}: {} attempt(s) not recorded: {}", call.callSid(), call.rows().size(), e.getMessage());
            }
        }
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

    /** Writes what is queued (up to a few seconds), then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
