package io.softswitch.sip;

import java.util.Objects;

/** A message body with its content type, e.g. {@code application/sdp}. */
public record SipBody(String contentType, String content) {
    public static final String SDP = "application/sdp";

    public SipBody {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }

    public static SipBody sdp(String content) {
        return content == null ? null : new SipBody(SDP, content);
    }

    public boolean isSdp() {
        return contentType.regionMatches(true, 0, SDP, 0, SDP.length());
    }
}
