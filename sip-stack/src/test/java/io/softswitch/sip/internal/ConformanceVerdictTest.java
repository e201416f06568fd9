package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our verdict on every RFC 4475 and RFC 5118 torture message, parsed as the running stack parses it
 * and judged by {@link RequestValidator}. Expected verdicts follow {@code shared/conformance/README.md}
 * (RFC 4475 §3, RFC 5118 §4); where the README leaves the answer open, the comment says which we give.
 */
class ConformanceVerdictTest {
    /** What the stack does with a message. */
    enum Verdict {
        /** A request that passes validation and is handled normally (routing, or the method's usual answer). */
        ACCEPT,
        /** A request the stack's own parser refuses (JAIN-SIP answers 400 where it can, else drops it). */
        PARSER_REJECTS,
        /** A well-formed response: parsed, then dropped (no client transaction matches it). */
        RESPONSE,
        /** A malformed response: the parser refuses it, so it is dropped. */
        BAD_RESPONSE,
        R400, R406, R415, R416, R420, R505
    }

    private static final Map<String, Verdict> EXPECTED = Map.ofEntries(
            // RFC 4475 §3.1.1: valid, must be accepted
            Map.entry("wsinv", Verdict.ACCEPT), Map.entry("intmeth", Verdict.ACCEPT),
            Map.entry("esc01", Verdict.ACCEPT), Map.entry("escnull", Verdict.ACCEPT),
            Map.entry("esc02", Verdict.ACCEPT), Map.entry("lwsdisp", Verdict.ACCEPT),
            Map.entry("longreq", Verdict.ACCEPT), Map.entry("dblreq", Verdict.ACCEPT),
            Map.entry("semiuri", Verdict.ACCEPT), Map.entry("transports", Verdict.ACCEPT),
            Map.entry("mpart01", Verdict.ACCEPT), Map.entry("unreason", Verdict.RESPONSE),
            Map.entry("noreason", Verdict.RESPONSE),
            // RFC 4475 §3.1.2: invalid, requests get 400 (badvers 505), malformed responses are dropped
            Map.entry("badinv01", Verdict.PARSER_REJECTS), Map.entry("clerr", Verdict.PARSER_REJECTS),
            Map.entry("ncl", Verdict.PARSER_REJECTS), Map.entry("scalar02", Verdict.PARSER_REJECTS),
            Map.entry("scalarlg", Verdict.BAD_RESPONSE), Map.entry("quotbal", Verdict.PARSER_REJECTS),
            Map.entry("ltgtruri", Verdict.PARSER_REJECTS), Map.entry("lwsruri", Verdict.PARSER_REJECTS),
            Map.entry("lwsstart", Verdict.R400),
            Map.entry("trws", Verdict.ACCEPT), // trailing whitespace: accept or reject both allowed; we accept
            Map.entry("escruri", Verdict.R400), Map.entry("baddate", Verdict.R400),
            Map.entry("regbadct", Verdict.R400), Map.entry("badaspec", Verdict.R400),
            Map.entry("baddn", Verdict.R400), Map.entry("badvers", Verdict.R505),
            Map.entry("mismatch01", Verdict.R400), Map.entry("mismatch02", Verdict.R400),
            Map.entry("bigcode", Verdict.BAD_RESPONSE),
            // RFC 4475 §3.2: a bare z9hG4bK branch must not break anything
            Map.entry("badbranch", Verdict.ACCEPT),
            // RFC 4475 §3.3
            Map.entry("insuf", Verdict.PARSER_REJECTS), Map.entry("unkscm", Verdict.R416),
            Map.entry("novelsc", Verdict.R416), Map.entry("bext01", Verdict.R420),
            Map.entry("invut", Verdict.R415), Map.entry("sdp01", Verdict.R406),
            Map.entry("bcast", Verdict.RESPONSE), // parsed, then dropped: never answered or forwarded
            // Max-Forwards 0 on OPTIONS: we are the target and answer it ourselves (RFC 3261 §16.3 item 3);
            // an INVITE with Max-Forwards 0 gets 483 (inviteWithZeroMaxForwardsGets483).
            Map.entry("zeromf", Verdict.ACCEPT),
            // REGISTER variants: valid syntax; the dispatcher answers them (405: we are no registrar)
            Map.entry("unksm2", Verdict.ACCEPT), Map.entry("regaut01", Verdict.ACCEPT),
            Map.entry("cparam01", Verdict.ACCEPT), Map.entry("cparam02", Verdict.ACCEPT),
            Map.entry("regescrt", Verdict.ACCEPT),
            // repeated singular header fields (Call-ID, CSeq, From, To; Content-Length)
            Map.entry("multi01", Verdict.R400), Map.entry("mcl01", Verdict.R400),
            // RFC 4475 §3.4: RFC 2543 syntax must still work
            Map.entry("inv2543", Verdict.ACCEPT),
            // RFC 5118
            Map.entry("ipv6-bad", Verdict.R400), Map.entry("ipv6-bug-abnf-3-colons", Verdict.R400),
            Map.entry("ipv4-mapped-ipv6", Verdict.ACCEPT), Map.entry("ipv6-correct-abnf-2-colons", Verdict.ACCEPT),
            Map.entry("ipv6-good", Verdict.ACCEPT), Map.entry("ipv6-in-sdp", Verdict.ACCEPT),
            Map.entry("mult-ip-in-header", Verdict.ACCEPT), Map.entry("mult-ip-in-sdp", Verdict.ACCEPT),
            Map.entry("port-ambiguous", Verdict.ACCEPT), Map.entry("port-unambiguous", Verdict.ACCEPT),
            Map.entry("via-received-param-no-delim", Verdict.ACCEPT),
            Map.entry("via-received-param-with-delim", Verdict.ACCEPT));

    private final RequestValidator validator = new RequestValidator(Set.of());

    static Stream<Path> corpus() {
        return Stream.concat(Corpus.files("rfc4475"), Corpus.files("rfc5118"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyTortureMessageGetsTheExpectedVerdict(Path file) {
        String id = Corpus.id(file);
        assertThat(EXPECTED).as("expected verdict for %s", id).containsKey(id);
        assertThat(verdictOf(Corpus.read(file))).as(id).isEqualTo(EXPECTED.get(id));
    }

    @Test
    void everyExpectedVerdictHasItsFile() {
        assertThat(corpus().map(Corpus::id)).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @Test
    void unknownRequireOptionsAreListedInUnsupported() {
        Rejection r = rejectionOf("rfc4475/bext01.dat");
        assertThat(r.status()).isEqualTo(420);
        assertThat(r.headers()).containsEntry("Unsupported", "nothingSupportsThis, nothingSupportsThisEither");
    }

    @Test
    void unsupportedBodyTypeNamesTheAcceptedOne() {
        assertThat(rejectionOf("rfc4475/invut.dat").headers()).containsEntry("Accept", "application/sdp");
    }

    @Test
    void inviteWithZeroMaxForwardsGets483() {
        String invite = new String(Corpus.read(Corpus.dir("rfc4475").resolve("zeromf.dat")),
                java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("OPTIONS sip:", "INVITE sip:").replace(" OPTIONS\r\n", " INVITE\r\n");
        SIPMessage m = StackParsing.parse(invite.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(validator.validate((SIPRequest) m)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(483));
    }

    private Rejection rejectionOf(String relative) {
        Path file = Corpus.dir(relative.substring(0, relative.indexOf('/'))).resolve(relative.substring(relative.indexOf('/') + 1));
        SIPMessage m = StackParsing.parse(Corpus.read(file));
        return validator.validate((SIPRequest) m).orElseThrow();
    }

    private Verdict verdictOf(byte[] bytes) {
        boolean response = new String(bytes, 0, Math.min(8, bytes.length), java.nio.charset.StandardCharsets.ISO_8859_1)
                .startsWith("SIP/");
        SIPMessage m = StackParsing.parse(bytes);
        if (m == null) {
            return response ? Verdict.BAD_RESPONSE : Verdict.PARSER_REJECTS;
        }
        if (m instanceof SIPResponse) {
            return Verdict.RESPONSE;
        }
        Optional<Rejection> r = validator.validate((SIPRequest) m);
        return r.map(x -> Verdict.valueOf("R" + x.status())).orElse(Verdict.ACCEPT);
    }
}
