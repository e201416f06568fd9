package io.softswitch.voice.twiml;

/**
 * {@code <Reject reason>}: refuse the call unanswered. Only meaningful as the first verb; SIP
 * status 486 for {@code busy}, 603 for {@code rejected} (the default).
 */
public record Reject(Reason reason) implements Verb {
    public enum Reason {
        REJECTED(603),
        BUSY(486);

        private final int sipStatus;

        Reason(int sipStatus) {
            this.sipStatus = sipStatus;
        }

        public int sipStatus() {
            return sipStatus;
        }
    }
}
