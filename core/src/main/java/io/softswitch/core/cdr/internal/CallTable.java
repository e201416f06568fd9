package io.softswitch.core.cdr.internal;

import io.softswitch.core.cdr.CallRecord;
import io.softswitch.core.store.Jdbc;
import io.softswitch.core.store.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/** Batch insert of call records into {@code calls}, insert-if-absent by SID (so replays never duplicate). */
public final class CallTable {
    private static final String INSERT = "INSERT INTO calls (sid, account_sid, parent_call_sid, date_created,"
            + " date_updated, start_time, answer_time, end_time, to_number, from_number, phone_number_sid, status,"
            + " duration, direction, caller_name, forwarded_from, trunk_sid, carrier_sid, gateway_sid, sip_call_id,"
            + " attempts, sip_response_code, hangup_by, rtp_packets_in, rtp_packets_out, rtp_packets_lost, jitter_ms,"
            + " caller_leg_srtp, callee_leg_srtp, node)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";

    private final DataSource ds;

    public CallTable(DataSource ds) {
        this.ds = ds;
    }

    /** Inserts the records in one transaction; returns how many were new. */
    public int insert(List<CallRecord> records) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                Instant now = Rows.now();
                for (CallRecord r : records) {
                    int i = 1;
                    ps.setString(i++, r.sid());
                    ps.setString(i++, r.accountSid());
                    ps.setString(i++, r.parentCallSid());
                    time(ps, i++, r.dateCreated());
                    time(ps, i++, now);
                    time(ps, i++, r.startTime());
                    time(ps, i++, r.answerTime());
                    time(ps, i++, r.endTime());
                    ps.setString(i++, r.to());
                    ps.setString(i++, r.from());
                    ps.setString(i++, r.phoneNumberSid());
                    ps.setString(i++, r.status());
                    ps.setInt(i++, r.durationSeconds());
                    ps.setString(i++, r.direction());
                    ps.setString(i++, r.callerName());
                    ps.setString(i++, r.forwardedFrom());
                    ps.setString(i++, r.trunkSid());
                    ps.setString(i++, r.carrierSid());
                    ps.setString(i++, r.gatewaySid());
                    ps.setString(i++, r.sipCallId());
                    ps.setInt(i++, r.attempts());
                    ps.setInt(i++, r.sipResponseCode());
                    ps.setString(i++, r.hangupBy());
                    ps.setLong(i++, r.rtpPacketsIn());
                    ps.setLong(i++, r.rtpPacketsOut());
                    ps.setLong(i++, r.rtpPacketsLost());
                    ps.setDouble(i++, r.jitterMs());
                    ps.setString(i++, r.callerLegSrtp());
                    ps.setString(i++, r.calleeLegSrtp());
                    ps.setString(i, r.node());
                    ps.addBatch();
                }
                int inserted = 0;
                for (int n : ps.executeBatch()) {
                    inserted += n > 0 ? n : (n == java.sql.Statement.SUCCESS_NO_INFO ? 1 : 0);
                }
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the transaction is gone with it
                }
                throw e;
            }
        }
    }

    private static void time(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, Jdbc.utc(t));
        }
    }
}
