package io.softswitch.sip.internal;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;

/**
 * JAIN-SIP's parser plus {@link RawMessageChecks} on the same bytes. JAIN-SIP normalizes while it
 * parses, so problems only visible in the raw text are found here and attached to the parsed
 * request ({@link SIPMessage#setApplicationData}) for {@link RequestValidator} to answer. Installed
 * with the stack property {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}. A request without
 * Call-ID, From, To, CSeq or Via fails to parse.
 */
public final class ScreeningMessageParser implements MessageParser {
    private static final List<String> REQUIRED = List.of("Call-ID", "From", "To", "CSeq", "Via");

    @Override
    public SIPMessage parseSIPMessage(byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener listener)
            throws ParseException {
        SIPMessage message = new StringMsgParser().parseSIPMessage(bytes, readBody, strict, listener);
        if (message instanceof SIPRequest && bytes != null) {
            for (String name : REQUIRED) {
                if (message.getHeader(name) == null) {
                    // RFC 3261 §8.1.1. Failing the parse makes JAIN-SIP's channel answer 400 where it can
                    // build one and drop the request otherwise, instead of reaching code of its own that
                    // dereferences the missing CSeq (an NPE logged per datagram under PROTOS c07-sip).
                    throw new ParseException("Missing " + name + " header", 0);
                }
            }
            // On stream transports JAIN-SIP parses the headers alone (readBody=false) and frames the body
            // by Content-Length itself, so the body-length check applies to datagrams only.
            RawMessageChecks.check(bytes, readBody).ifPresent(message::setApplicationData);
        }
        return message;
    }

    /** The problem {@link RawMessageChecks} found in a request's bytes, if any. */
    static Optional<Rejection> rawProblem(SIPMessage message) {
        return message.getApplicationData() instanceof Rejection r ? Optional.of(r) : Optional.empty();
    }

    /** Named in the stack properties; JAIN-SIP instantiates it by reflection. */
    public static final class Factory implements MessageParserFactory {
        public Factory() {
        }

        @Override
        public MessageParser createMessageParser(SIPTransactionStack stack) {
            return new ScreeningMessageParser();
        }
    }
}
