package io.softswitch.core.cdr;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished call: the fields of Twilio's Calls resource plus what a SIP operator needs for
 * billing and troubleshooting. Build one with {@link #builder(String, String)}.
 *
 * @param sid             {@code CA...}, unique; a record submitted twice is stored once
 * @param accountSid      the account the call is billed to
 * @param parentCallSid   the A-leg call of a child call, or null
 * @param dateCreated     when the call record was created (the INVITE arrived)
 * @param startTime       when the call started (INVITE received), or null
 * @param answerTime      when it was answered (200 OK), or null when never answered
 * @param endTime         when it ended (BYE, CANCEL or final failure), or null
 * @param to              called number as routed, E.164 with {@code +} when known
 * @param from            caller ID, E.164 with {@code +} when known
 * @param phoneNumberSid  the {@code PN...} called on an origination call, or null
 * @param status          Twilio status: {@code completed}, {@code busy}, {@code failed}, {@code no-answer}, {@code canceled}...
 * @param durationSeconds answered duration in whole seconds (0 when not answered)
 * @param direction       {@code trunking-terminating} (PBX to PSTN) or {@code trunking-originating}
 * @param callerName      display name of the caller, or null
 * @param forwardedFrom   Diversion number, or null
 * @param trunkSid        {@code TK...} of the customer trunk, or null
 * @param carrierSid      {@code BY...} of the carrier used, or null
 * @param gatewaySid      {@code GW...} (or the origination URL {@code OU...}) of the last attempt, or null
 * @param sipCallId       Call-ID of the A leg
 * @param attempts        B-leg INVITEs sent (failover attempts included)
 * @param sipResponseCode final SIP status of the call (200 for an answered call)
 * @param hangupBy        {@code caller}, {@code callee} or {@code system} (timeouts, limits, shutdown)
 * @param rtpPacketsIn    RTP packets received from both legs
 * @param rtpPacketsOut   RTP packets sent to both legs
 * @param rtpPacketsLost  packets lost as seen in sequence numbers
 * @param jitterMs        mean interarrival jitter (RFC 3550 section 6.4.1) in milliseconds
 * @param callerLegSrtp   SRTP suite of the caller leg's media (the inbound leg), null for plain RTP
 * @param calleeLegSrtp   SRTP suite of the callee leg's media, null for plain RTP
 * @param node            the node that handled the call ({@code cluster.node_id}), or null (older records)
 */
public record CallRecord(String sid, String accountSid, String parentCallSid, Instant dateCreated,
        Instant startTime, Instant answerTime, Instant endTime, String to, String from, String phoneNumberSid,
        String status, int durationSeconds, String direction, String callerName, String forwardedFrom,
        String trunkSid, String carrierSid, String gatewaySid, String sipCallId, int attempts, int sipResponseCode,
        String hangupBy, long rtpPacketsIn, long rtpPacketsOut, long rtpPacketsLost, double jitterMs,
        String callerLegSrtp, String calleeLegSrtp, String node) {

    public CallRecord {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(accountSid, "accountSid");
        Objects.requireNonNull(dateCreated, "dateCreated");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(direction, "direction");
    }

    public static Builder builder(String sid, String accountSid) {
        return new Builder(sid, accountSid);
    }

    /** Collects the fields of a call as it progresses; not thread-safe. */
    public static final class Builder {
        private final String sid;
        private final String accountSid;
        private String parentCallSid;
        private Instant dateCreated = Instant.now();
        private Instant startTime;
        private Instant answerTime;
        private Instant endTime;
        private String to;
        private String from;
        private String phoneNumberSid;
        private String status = "failed";
        private int durationSeconds;
        private String direction = "trunking-terminating";
        private String callerName;
        private String forwardedFrom;
        private String trunkSid;
        private String carrierSid;
        private String gatewaySid;
        private String sipCallId;
        private int attempts;
        private int sipResponseCode;
        private String hangupBy;
        private long rtpPacketsIn;
        private long rtpPacketsOut;
        private long rtpPacketsLost;
        private double jitterMs;
        private String callerLegSrtp;
        private String calleeLegSrtp;
        private String node;

        private Builder(String sid, String accountSid) {
            this.sid = sid;
            this.accountSid = accountSid;
        }

        public Builder parentCallSid(String v) { parentCallSid = v; return this; }
        public Builder dateCreated(Instant v) { dateCreated = v; return this; }
        public Builder startTime(Instant v) { startTime = v; return this; }
        public Builder answerTime(Instant v) { answerTime = v; return this; }
        public Builder endTime(Instant v) { endTime = v; return this; }
        public Builder to(String v) { to = v; return this; }
        public Builder from(String v) { from = v; return this; }
        public Builder phoneNumberSid(String v) { phoneNumberSid = v; return this; }
        public Builder status(String v) { status = v; return this; }
        public Builder durationSeconds(int v) { durationSeconds = v; return this; }
        public Builder direction(String v) { direction = v; return this; }
        public Builder callerName(String v) { callerName = v; return this; }
        public Builder forwardedFrom(String v) { forwardedFrom = v; return this; }
        public Builder trunkSid(String v) { trunkSid = v; return this; }
        public Builder carrierSid(String v) { carrierSid = v; return this; }
        public Builder gatewaySid(String v) { gatewaySid = v; return this; }
        public Builder sipCallId(String v) { sipCallId = v; return this; }
        public Builder attempts(int v) { attempts = v; return this; }
        public Builder sipResponseCode(int v) { sipResponseCode = v; return this; }
        public Builder hangupBy(String v) { hangupBy = v; return this; }
        public Builder rtpPacketsIn(long v) { rtpPacketsIn = v; return this; }
        public Builder rtpPacketsOut(long v) { rtpPacketsOut = v; return this; }
        public Builder rtpPacketsLost(long v) { rtpPacketsLost = v; return this; }
        public Builder jitterMs(double v) { jitterMs = v; return this; }
        public Builder callerLegSrtp(String v) { callerLegSrtp = v; return this; }
        public Builder calleeLegSrtp(String v) { calleeLegSrtp = v; return this; }
        public Builder node(String v) { node = v; return this; }

        public CallRecord build() {
            return new CallRecord(sid, accountSid, parentCallSid, dateCreated, startTime, answerTime, endTime, to, from,
                    phoneNumberSid, status, durationSeconds, direction, callerName, forwardedFrom, trunkSid, carrierSid,
                    gatewaySid, sipCallId, attempts, sipResponseCode, hangupBy, rtpPacketsIn, rtpPacketsOut,
                    rtpPacketsLost, jitterMs, callerLegSrtp, calleeLegSrtp, node);
        }
    }
}
