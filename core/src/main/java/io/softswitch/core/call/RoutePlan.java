package io.softswitch.core.call;

import io.softswitch.media.MediaEncryption;
import io.softswitch.trunking.limit.Permit;
import java.util.List;
import java.util.Objects;

/**
 * What to do with an admitted call: try the attempts in order. The plan owns the call's limits
 * ({@link Limits}): the engine acquires each attempt's before sending it and closes them when the
 * call ends, on whichever path.
 */
public record RoutePlan(Direction direction, String accountSid, String trunk, String from, String to,
        boolean symmetricRtp, List<OutboundInvite> attempts, Limits limits, MediaEncryption encryptionA,
        Decision.Twiml disasterRecovery) {
    public RoutePlan {
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(encryptionA, "encryptionA");
    }

    /**
     * A plan whose caller leg's media may be plain RTP (SRTP accepted when offered), with no disaster
     * recovery: when every attempt fails the caller gets the last failure.
     */
    public RoutePlan(Direction direction, String accountSid, String trunk, String from, String to,
            boolean symmetricRtp, List<OutboundInvite> attempts, Limits limits) {
        this(direction, accountSid, trunk, from, to, symmetricRtp, attempts, limits, MediaEncryption.NONE, null);
    }

    /** A plan with no disaster recovery. */
    public RoutePlan(Direction direction, String accountSid, String trunk, String from, String to,
            boolean symmetricRtp, List<OutboundInvite> attempts, Limits limits, MediaEncryption encryptionA) {
        this(direction, accountSid, trunk, from, to, symmetricRtp, attempts, limits, encryptionA, null);
    }

    /** A plan whose caller leg's media may be plain RTP (SRTP accepted when offered). */
    public RoutePlan(Direction direction, String accountSid, String trunk, String from, String to,
            boolean symmetricRtp, List<OutboundInvite> attempts, Limits limits, Decision.Twiml disasterRecovery) {
        this(direction, accountSid, trunk, from, to, symmetricRtp, attempts, limits, MediaEncryption.NONE,
                disasterRecovery);
    }

    /**
     * The limits a plan holds: the call's own (taken when it was admitted) and its attempts'. Called
     * on the call's stripe.
     */
    public interface Limits {
        /** Limits that hold and refuse nothing. */
        Limits NONE = new Limits() {
            @Override
            public Permit acquire(OutboundInvite attempt) {
                return Permit.NONE;
            }

            @Override
            public void close() {
            }
        };

        /**
         * Takes {@code attempt}'s carrier limit just before it is sent: a permit the engine may release
         * when the attempt ends early, or null when the carrier is at its limit (skip the attempt).
         */
        Permit acquire(OutboundInvite attempt);

        /** Releases everything still held. Idempotent. */
        void close();
    }
}
