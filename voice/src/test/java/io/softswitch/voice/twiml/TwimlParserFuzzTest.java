package io.softswitch.voice.twiml;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;

/**
 * Jazzer: any byte string yields a document or a Failed result with a Twilio code (11750 or
 * 12100), never an exception. Replays the seeds in {@code TwimlParserFuzzTestInputs/} in every build; fuzzes with JAZZER_FUZZ=1.
 */
class TwimlParserFuzzTest {
    private static final TwimlParser PARSER = new TwimlParser(4096);

    @FuzzTest(maxDuration = "30s")
    void anyDocumentYieldsVerbsOrAnError(byte[] input) {
        TwimlResult r = PARSER.parse(input, URI.create("https://app.example.com/voice"));
        if (r instanceof TwimlResult.Failed f) {
            assertThat(f.error().code()).isIn(TwimlError.DOCUMENT_PARSE_FAILURE, TwimlError.RESPONSE_TOO_LARGE);
        } else {
            assertThat(((TwimlResult.Parsed) r).document().verbs()).doesNotContainNull();
        }
    }
}
