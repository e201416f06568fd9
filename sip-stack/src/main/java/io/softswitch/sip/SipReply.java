package io.softswitch.sip;

import java.util.List;
import java.util.Objects;

/** A final (or provisional) response as the engine sees it. */
public record SipReply(SipStatus status, SipBody body, List<SipHeader> headers) {
    public SipReply {
        Objects.requireNonNull(status, "status");
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public static SipReply of(SipStatus status) {
        return new SipReply(status, null, List.of());
    }

    public boolean isSuccess() {
        return status.isSuccess();
    }
}
