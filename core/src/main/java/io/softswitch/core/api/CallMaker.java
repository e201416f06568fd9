package io.softswitch.core.api;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * Places the calls of {@code POST /2010-04-01/Accounts/{AccountSid}/Calls.json} (issue 19). The API
 * checks the request's form (parameters, URLs, ranges); the maker checks what needs the switch's
 * state (the caller ID is a number of the account, the destination routes and is not blocked, the
 * account's queue has room), queues the call and returns its SID at once.
 */
public interface CallMaker {
    /**
     * Queues {@code call}; it is placed when the account's and its routes' limits admit it.
     *
     * @return the new call's SID
     * @throws Refused when the call cannot be placed (nothing was queued)
     */
    String place(NewCall call) throws Refused;

    /**
     * A validated {@code POST Calls} request.
     *
     * @param to            E.164, or a {@code sip:} URI
     * @param from          the caller ID, E.164
     * @param url           where the TwiML comes from, or null when {@code twiml} is given
     * @param twiml         the inline document, or null
     * @param statusEvents  {@code initiated ringing answered completed}, empty: {@code completed}
     * @param timeoutSeconds how long the callee may ring (1-600)
     * @param timeLimitSeconds the longest the answered call may last (0: 4 hours)
     * @param sendDigits    DTMF sent once answered, before the TwiML runs, or null
     * @param sipUsername   digest user for a {@code sip:} To, or null
     * @param sipPassword   digest password for a {@code sip:} To, or null
     * @param recording     {@code Record=true} and its parameters, or null (not recorded)
     */
    record NewCall(String accountSid, String to, String from, URI url, String method, String twiml, URI fallbackUrl,
            String fallbackMethod, URI statusCallback, String statusCallbackMethod, Set<String> statusEvents,
            int timeoutSeconds, int timeLimitSeconds, String sendDigits, String sipUsername, String sipPassword,
            Recording recording) {
        /** A call that is not recorded. */
        public NewCall(String accountSid, String to, String from, URI url, String method, String twiml,
                URI fallbackUrl, String fallbackMethod, URI statusCallback, String statusCallbackMethod,
                Set<String> statusEvents, int timeoutSeconds, int timeLimitSeconds, String sendDigits,
                String sipUsername, String sipPassword) {
            this(accountSid, to, from, url, method, twiml, fallbackUrl, fallbackMethod, statusCallback,
                    statusCallbackMethod, statusEvents, timeoutSeconds, timeLimitSeconds, sendDigits, sipUsername,
                    sipPassword, null);
        }

        public NewCall {
            Objects.requireNonNull(accountSid, "accountSid");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(from, "from");
            if (url == null && twiml == null) {
                throw new IllegalArgumentException("url, twiml: both null (expected: one of them)");
            }
            statusEvents = Set.copyOf(statusEvents);
        }

        @Override
        public String toString() {
            return "NewCall[" + accountSid + " " + from + " -> " + to + "]";
        }
    }

    /**
     * {@code Record=true}: the call is recorded from its answer (Twilio's rule for API calls).
     *
     * @param dual                   {@code RecordingChannels=dual} (the switch's side left, the callee right); else mono
     * @param trimSilence            {@code Trim=trim-silence} (Twilio's default) or {@code do-not-trim}
     * @param statusCallback         {@code RecordingStatusCallback}, or null
     * @param statusCallbackMethod   {@code RecordingStatusCallbackMethod}, null: POST
     * @param statusCallbackEvents   {@code RecordingStatusCallbackEvent}: {@code completed} (default), {@code absent}
     */
    record Recording(boolean dual, boolean trimSilence, URI statusCallback, String statusCallbackMethod,
            Set<String> statusCallbackEvents) {
        public Recording {
            statusCallbackEvents = Set.copyOf(statusCallbackEvents);
        }
    }

    /** Why a call was not placed, as the API answers it: HTTP status, Twilio's (or our) error code, message. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final int code;

        public Refused(int status, int code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public int code() {
            return code;
        }
    }
}
