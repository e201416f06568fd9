package io.softswitch.core.call;

/**
 * Trunk call recording as the engine sees it (issue 19): a trunk's {@code Recording} mode says
 * whether and from when a relayed call is recorded; the engine asks once per call and starts the
 * recording at the first ringing or at the answer. The recording ends when the call's media session
 * closes. Called on the call's stripe: implementations must not block for long.
 */
public interface TrunkRecordings {
    /** Records nothing. */
    TrunkRecordings NONE = (callSid, accountSid, trunk) -> Plan.NONE;

    /** When a call starts recording. */
    enum Start { NEVER, RINGING, ANSWER }

    /** What to do for one call: when to start, and how to begin on its media session. */
    interface Plan {
        Plan NONE = new Plan() {
            @Override
            public Start start() {
                return Start.NEVER;
            }

            @Override
            public void begin(MediaBridge.Session media) {
            }
        };

        Start start();

        /** Starts recording {@code media}; failures are logged and the call goes on unrecorded. */
        void begin(MediaBridge.Session media);
    }

    /** The plan for a new call through {@code trunk} (a trunk SID, or null for none). */
    Plan plan(String callSid, String accountSid, String trunk);
}
