package io.softswitch.sip;

import java.util.List;

/** A final (or provisional) response as the engine sees it. */
public record SipReply(int status, String reason, SipBody body, List<SipHeader> headers) {
    public SipReply {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public static SipReply of(int status, String reason) {
        return new SipReply(status, reason, null, List.of());
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
