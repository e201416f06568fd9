package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The raw checks read a request's bytes in place; a head with continuation lines is framed first
 * ({@link SipHead#frame}). Both ways must give the same verdict, so every message here is checked
 * both ways: the RFC 4475 / RFC 5118 corpus, the fuzz seeds, and seeded mutations of them.
 */
class RawMessageChecksTest {

    private static final String INVITE = "INVITE sip:+14155550100@127.0.0.1:5060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: \"Bench\" <sip:+14155550199@127.0.0.1:5062>;tag=1\r\n"
            + "To: <sip:+14155550100@127.0.0.1:5060>\r\n"
            + "Call-ID: 1-1@127.0.0.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:pbx@127.0.0.1:5062>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 4\r\n\r\nv=0\n";

    private static String problem(String message) {
        return RawMessageChecks.findProblem(message.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    @Test
    void aWellFormedRequestHasNoProblem() {
        assertThat(problem(INVITE)).isNull();
    }

    @Test
    void eachRawProblemIsFoundInPlace() {
        assertThat(problem(INVITE.replace("SIP/2.0\r\nVia", "SIP/7.0\r\nVia"))).isEqualTo("SIP-Version");
        assertThat(problem(INVITE.replace("INVITE sip", "INVITE  sip"))).isEqualTo("Malformed Request-Line");
        assertThat(problem(INVITE.replace(" SIP/2.0\r\nVia", "\tSIP/2.0\r\nVia"))).isEqualTo("Malformed Request-Line");
        assertThat(problem(INVITE.replace("SIP/2.0\r\nVia", "SIP/2.0 \t \r\nVia"))).isNull();
        assertThat(problem(INVITE.replace("@127.0.0.1:5060 SIP", "@2001:db8::1 SIP")))
                .isEqualTo("IPv6 Address Without Brackets");
        assertThat(problem(INVITE.replace("@127.0.0.1:5060 SIP", "@[2001:db8::1]:5060 SIP"))).isNull();
        assertThat(problem(INVITE.replace("CSeq: 1 INVITE\r\n", "CSeq: 1 INVITE\r\ncseq : 1 INVITE\r\n")))
                .isEqualTo("Duplicate CSeq Header");
        assertThat(problem(INVITE.replace("Call-ID: 1-1@127.0.0.1\r\n", "Call-ID: 1-1@127.0.0.1\r\nI: 2\r\n")))
                .isEqualTo("Duplicate Call-ID Header");
        assertThat(problem(INVITE.replace("<sip:pbx@127.0.0.1:5062>", "< sip:pbx@127.0.0.1:5062>")))
                .isEqualTo("Malformed Contact Header");
        assertThat(problem(INVITE.replace("\"Bench\" <", "Bench; <"))).isEqualTo("Malformed From Header");
        assertThat(problem(INVITE.replace("Content-Length: 4", "Content-Length: 5"))).isEqualTo("Content-Length Exceeds Body");
        assertThat(RawMessageChecks.findProblem(INVITE.replace("Content-Length: 4", "Content-Length: 5")
                .getBytes(StandardCharsets.ISO_8859_1), false)).isNull();
        assertThat(problem("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\nCSeq: 1 INVITE\r\n\r\n")).isNull();
        assertThat(problem("\r\n\r\n")).isNull();
    }

    @Test
    void aContinuationLineIsPartOfTheHeaderBefore() {
        assertThat(problem(INVITE.replace("To: <sip:+14155550100@127.0.0.1:5060>\r\n",
                "To:\r\n <sip:+14155550100@127.0.0.1:5060>\r\n"))).isNull();
        assertThat(problem(INVITE.replace("To: <sip:+14155550100@127.0.0.1:5060>\r\n",
                "To: <sip:+14155550100@127.0.0.1:5060\r\n\t>\r\n"))).isEqualTo("Malformed To Header");
    }

    static Stream<Path> corpus() {
        return Stream.of("rfc4475", "rfc5118").flatMap(Corpus::files);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void inPlaceAndFramedAgreeOnTheCorpusAndMutationsOfIt(Path file) {
        byte[] message = Corpus.read(file);
        agree(message);
        Random random = new Random(file.getFileName().toString().hashCode());
        for (int i = 0; i < 300; i++) {
            agree(ByteMutations.mutate(message, random));
        }
    }

    @Test
    void inPlaceAndFramedAgreeOnMutationsOfAnInvite() {
        byte[] message = INVITE.getBytes(StandardCharsets.ISO_8859_1);
        Random random = new Random(15);
        for (int i = 0; i < 20_000; i++) {
            agree(ByteMutations.mutate(message, random));
        }
    }

    private static void agree(byte[] message) {
        for (boolean withBody : new boolean[] {true, false}) {
            assertThat(verdict(() -> RawMessageChecks.findProblem(message, withBody)))
                    .as("%s", new String(message, StandardCharsets.ISO_8859_1))
                    .isEqualTo(verdict(() -> RawMessageChecks.findProblemFramed(message, withBody)));
        }
    }

    private static String verdict(java.util.function.Supplier<String> check) {
        try {
            return String.valueOf(check.get());
        } catch (RuntimeException e) {
            return "throws"; // check() answers 400 Malformed Request either way
        }
    }
}
