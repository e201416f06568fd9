package io.softswitch.core.call;

/** Twilio's final call statuses. */
public enum CallStatus {
    COMPLETED("completed"),
    BUSY("busy"),
    NO_ANSWER("no-answer"),
    FAILED("failed"),
    CANCELED("canceled");

    private final String twilioName;

    CallStatus(String twilioName) {
        this.twilioName = twilioName;
    }

    public String twilioName() {
        return twilioName;
    }

    /** The status of an unanswered call that ended with final response {@code sipCode}. */
    public static CallStatus ofFailure(int sipCode) {
        return switch (sipCode) {
            case 486, 600 -> BUSY;
            case 408, 480, 487 -> NO_ANSWER;
            default -> FAILED;
        };
    }
}
