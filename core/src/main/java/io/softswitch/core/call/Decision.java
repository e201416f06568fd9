package io.softswitch.core.call;

import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipStatus;
import java.util.List;
import java.util.Objects;

/** The router's answer for a new INVITE. */
public sealed interface Decision {
    /** Refuse with this final response (403, 404, 407 with challenges, 400, 503...). */
    record Reject(SipStatus status, List<SipHeader> headers, String trunk) implements Decision {
        public Reject {
            Objects.requireNonNull(status, "status");
            headers = List.copyOf(headers);
        }

        public static Reject of(SipStatus status) {
            return new Reject(status, List.of(), null);
        }
    }

    /**
     * Refuse with {@code 403} an INVITE of a {@code Secure} trunk that did not arrive over TLS
     * (Twilio Secure trunking); counted as a Secure refusal, recorded as a failed call of the trunk.
     */
    record InsecureTransport(String trunk, String transport) implements Decision {
        /** The response: 403 with a reason that says what is missing. */
        public static final SipStatus STATUS = SipStatus.FORBIDDEN.withReason("Secure trunk requires TLS");
    }

    /**
     * Refuse with {@code 403 Forbidden} a caller whose credentials failed (a wrong password, or
     * credentials for a trunk that does not let it in). Not a call of the trunk's tenant: no call
     * record; counted in metrics and written to the security log instead (issue 22).
     *
     * @param trunk the trunk it tried, or null for an unknown one (security log only)
     */
    record AuthFailure(String trunk) implements Decision {
    }

    /** Proceed with the plan. */
    record Proceed(RoutePlan plan) implements Decision {
    }

    /**
     * Answer with the number's TwiML application (issue 18): a number without a trunk and with a
     * VoiceUrl, called from a carrier (origination) or a trunk's PBX (on-net).
     *
     * @param accountSid the number's owner (signs the webhooks)
     * @param from       the caller as Twilio's {@code From}
     * @param to         the number, E.164
     * @param secure     the caller is a {@code Secure} trunk's PBX: its offer must carry SRTP (else 488)
     */
    record Twiml(Direction direction, String accountSid, String trunk, String from, String to,
            io.softswitch.config.provisioning.VoiceWebhooks webhooks, boolean secure) implements Decision {
        public Twiml {
            Objects.requireNonNull(webhooks, "webhooks");
        }

        /** Not from a {@code Secure} trunk's PBX. */
        public Twiml(Direction direction, String accountSid, String trunk, String from, String to,
                io.softswitch.config.provisioning.VoiceWebhooks webhooks) {
            this(direction, accountSid, trunk, from, to, webhooks, false);
        }
    }
}
