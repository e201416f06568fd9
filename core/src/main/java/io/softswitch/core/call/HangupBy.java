package io.softswitch.core.call;

/** Who ended a call, as the CDR's {@code hangup_by} spells it. */
public enum HangupBy {
    /** The caller: BYE, CANCEL, or its leg was lost while attempting. */
    CALLER("caller"),
    /** The callee: BYE, or the final answer of the last attempt. */
    CALLEE("callee"),
    /** The switch: a refusal, unusable media, a lost leg, shutdown. */
    SYSTEM("system"),
    /** The switch, because no RTP arrived for {@code media.rtp_timeout_seconds}. */
    RTP_TIMEOUT("rtp-timeout"),
    /** The REST API: {@code POST .../Calls/{Sid}.json} with {@code Status=completed} or {@code canceled}. */
    API("api");

    private final String spelling;

    HangupBy(String spelling) {
        this.spelling = spelling;
    }

    /** The CDR value: {@code caller}, {@code callee}, {@code system}, {@code rtp-timeout}, {@code api}. */
    public String spelling() {
        return spelling;
    }
}
