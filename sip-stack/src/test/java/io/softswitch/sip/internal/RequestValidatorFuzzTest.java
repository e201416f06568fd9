package io.softswitch.sip.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jazzer: bytes parsed as the stack parses them ({@link ScreeningMessageParser}, with
 * {@link RawMessageChecks}) and judged by {@link RequestValidator} never throw anything but the
 * parser's {@code ParseException}. Without {@code JAZZER_FUZZ=1} the fuzz test runs over the inputs
 * in {@code src/test/resources/io/softswitch/sip/internal/RequestValidatorFuzzTestInputs/parseAndValidateNeverThrow/}
 * (seeds and named crash reproducers); {@link #tortureCorpusSeedsNeverThrow} runs the same target over
 * the RFC 4475 / RFC 5118 corpus in {@code ../shared/conformance}.
 */
class RequestValidatorFuzzTest {
    private static final RequestValidator VALIDATOR = new RequestValidator(Set.of());

    @FuzzTest(maxDuration = "30s")
    void parseAndValidateNeverThrow(byte[] input) {
        target(input);
    }

    static Stream<Path> torture() {
        return Stream.concat(Corpus.files("rfc4475"), Corpus.files("rfc5118"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torture")
    void tortureCorpusSeedsNeverThrow(Path file) {
        target(Corpus.read(file));
    }

    static void target(byte[] input) {
        RawMessageChecks.check(input);
        SIPMessage m = StackParsing.parse(input);
        if (m instanceof SIPRequest r) {
            VALIDATOR.validate(r);
        }
    }
}
