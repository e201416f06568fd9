package io.softswitch.sip.internal;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import java.text.ParseException;
import java.util.Set;

/**
 * Parses bytes the way the running stack does: {@link ScreeningMessageParser} with the policy of
 * JAIN-SIP's UDP channel (a malformed required header fails the message, which the stack answers
 * {@code 400} itself or drops; any other malformed header is kept as unparsed).
 */
final class StackParsing {
    private static final Set<Class<?>> REQUIRED = Set.of(From.class, To.class, CSeq.class, Via.class, CallID.class,
            ContentLength.class, RequestLine.class, StatusLine.class);
    private static final ParseExceptionListener UDP_CHANNEL_POLICY = (ex, message, headerClass, header, text) -> {
        if (headerClass != null && REQUIRED.contains(headerClass)) {
            throw ex;
        }
        message.addUnparsed(header);
    };

    private StackParsing() {
    }

    /** The parsed message, or null when the stack's parser rejects it. */
    static SIPMessage parse(byte[] bytes) {
        try {
            return new ScreeningMessageParser().parseSIPMessage(bytes, true, false, UDP_CHANNEL_POLICY);
        } catch (ParseException e) {
            return null;
        }
    }
}
