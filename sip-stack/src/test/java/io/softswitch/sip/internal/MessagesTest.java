package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import io.softswitch.sip.SipRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.sip.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A received request as the engine sees it: every header's value as the stack encodes it, by lower-case name. */
class MessagesTest {
    private static final InetSocketAddress SOURCE = new InetSocketAddress("127.0.0.1", 5062);

    @Test
    void everyHeaderIsThereByLowerCaseNameInOrder() {
        String invite = "INVITE sip:+14155550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-1\r\n"
                + "v: SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bK-2\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Bench\" <sip:+14155550199@127.0.0.1>;tag=1\r\n"
                + "To: <sip:+14155550100@127.0.0.1>\r\n"
                + "Call-ID: 1@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "P-Asserted-Identity: <sip:+14155550199@pbx.example>\r\n"
                + "X-Custom:   padded value  \r\n"
                + "Content-Length: 0\r\n\r\n";
        SipRequest r = Messages.toRecord((SIPRequest) StackParsing.parse(invite.getBytes(StandardCharsets.ISO_8859_1)),
                SOURCE);
        assertThat(r.headers("via")).containsExactly("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-1",
                "SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bK-2");
        assertThat(r.header("From")).hasValue("\"Bench\" <sip:+14155550199@127.0.0.1>;tag=1");
        assertThat(r.header("p-asserted-identity")).hasValue("<sip:+14155550199@pbx.example>");
        assertThat(r.header("x-custom")).hasValue("padded value");
        assertThat(r.header("max-forwards")).hasValue("70");
        assertThat(r.headers("subject")).isEmpty();
    }

    static Stream<Path> corpus() {
        return Stream.of("rfc4475", "rfc5118").flatMap(Corpus::files);
    }

    /** Each value cut out of the header's encoding is what {@code getHeaderValue().trim()} gives. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void headerValuesAreTheStacksOwnOnTheCorpus(Path file) {
        SIPMessage m = StackParsing.parse(Corpus.read(file));
        if (!(m instanceof SIPRequest request) || request.getFrom() == null || request.getTo() == null) {
            return;
        }
        assertThat(Messages.toRecord(request, SOURCE).headers()).isEqualTo(reference(request));
    }

    private static Map<String, List<String>> reference(SIPRequest request) {
        Map<String, List<String>> all = new HashMap<>();
        for (ListIterator<?> names = request.getHeaderNames(); names.hasNext();) {
            String name = (String) names.next();
            List<String> values = new ArrayList<>();
            for (ListIterator<?> hs = request.getHeaders(name); hs.hasNext();) {
                Header h = (Header) hs.next();
                values.add(h instanceof SIPHeader sh ? sh.getHeaderValue().trim() : h.toString());
            }
            all.merge(name.toLowerCase(Locale.ROOT), values, (a, b) -> {
                List<String> merged = new ArrayList<>(a);
                merged.addAll(b);
                return merged;
            });
        }
        return all;
    }
}
