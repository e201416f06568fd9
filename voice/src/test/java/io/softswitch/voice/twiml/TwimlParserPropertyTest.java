package io.softswitch.voice.twiml;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** jqwik: near-TwiML documents (known and unknown tags and attributes, odd values) never throw. */
class TwimlParserPropertyTest {
    private final TwimlParser parser = new TwimlParser();

    @Property(tries = 500)
    void anyNearTwimlYieldsVerbsOrA12100(@ForAll("documents") String xml) {
        TwimlResult r = parser.parse(xml, URI.create("http://h/"));
        if (r instanceof TwimlResult.Failed f) {
            assertThat(f.error().code()).isEqualTo(12100);
        }
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> tag = Arbitraries.of("Say", "Play", "Pause", "Gather", "Dial", "Number", "Sip", "Record",
                "Hangup", "Reject", "Redirect", "say", "Conference", "X");
        Arbitrary<String> attr = Arbitraries.of("loop", "length", "numDigits", "timeout", "action", "method",
                "finishOnKey", "reason", "digits", "input", "answerOnBridge", "bogus");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("", "1", "-1", "99999999999", "GET", "true",
                "#", "dtmf", "busy", "/next", "::", "http://x/y"), Arbitraries.strings().ofMaxLength(6)
                .map(TwimlParserPropertyTest::escape));
        Arbitrary<String> element = net.jqwik.api.Combinators.combine(tag, attr, value,
                Arbitraries.strings().ofMaxLength(10).map(TwimlParserPropertyTest::escape))
                .as((t, a, v, text) -> "<" + t + " " + a + "=\"" + v + "\">" + text + "</" + t + ">");
        Arbitrary<List<String>> nested = element.list().ofMaxSize(3);
        Arbitrary<String> verb = net.jqwik.api.Combinators.combine(tag, nested)
                .as((t, inner) -> "<" + t + ">" + String.join("", inner) + "</" + t + ">");
        return Arbitraries.oneOf(verb, element).list().ofMaxSize(6)
                .map(vs -> "<Response>" + String.join("", vs) + "</Response>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;").replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff\\ud800-\\udfff]", "");
    }
}
