package io.softswitch.sip;

/**
 * What the SIP layer reports for metrics. Called on SIP stack threads: implementations must be
 * fast and never block. Method names are upper-case SIP methods; unknown methods arrive as
 * {@code "OTHER"} so that tags stay a small fixed set.
 */
public interface SipEvents {
    SipEvents NONE = new SipEvents() { };

    default void requestReceived(String method) {
    }

    default void responseSent(String method, int status) {
    }
}
