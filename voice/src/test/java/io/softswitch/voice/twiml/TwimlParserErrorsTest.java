package io.softswitch.voice.twiml;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Hand-written bad documents: Twilio's codes, never an exception. */
class TwimlParserErrorsTest {
    private final TwimlParser parser = new TwimlParser();

    private TwimlError error(String xml) {
        TwimlResult r = parser.parse(xml, URI.create("http://h/x"));
        assertThat(r).isInstanceOf(TwimlResult.Failed.class);
        return ((TwimlResult.Failed) r).error();
    }

    private TwimlDocument parsed(String xml) {
        TwimlResult r = parser.parse(xml, URI.create("http://h/x"));
        assertThat(r).isInstanceOf(TwimlResult.Parsed.class);
        return ((TwimlResult.Parsed) r).document();
    }

    @Test
    void notXmlIs12100() {
        assertThat(error("Hello, I am HTML").code()).isEqualTo(12100);
        assertThat(error("").code()).isEqualTo(12100);
        assertThat(error("<Response><Say>unclosed</Response>").code()).isEqualTo(12100);
    }

    @Test
    void rootOtherThanResponseIs12100() {
        assertThat(error("<html><body/></html>").message()).contains("<html>");
    }

    @Test
    void misspelledOrWronglyCasedVerbIs12100() {
        assertThat(error("<Response><say>hi</say></Response>").message()).contains("<say>").contains("case-sensitive");
        assertThat(error("<Response><Sya>hi</Sya></Response>").code()).isEqualTo(12100);
    }

    @Test
    void unsupportedTwilioVerbIs12100() {
        assertThat(error("<Response><Enqueue>q</Enqueue></Response>").message()).contains("not supported");
        assertThat(error("<Response><Dial><Conference>room</Conference></Dial></Response>").code()).isEqualTo(12100);
    }

    @Test
    void speechGatherIsRefused() {
        assertThat(error("<Response><Gather input=\"speech\"/></Response>").message()).contains("dtmf");
    }

    @Test
    void dialWithoutTargetOrWithBadSipUriIs12100() {
        assertThat(error("<Response><Dial/></Response>").code()).isEqualTo(12100);
        assertThat(error("<Response><Dial><Sip>tel:+1</Sip></Dial></Response>").code()).isEqualTo(12100);
    }

    @Test
    void unknownAttributeIsA12200WarningAndIgnored() {
        TwimlDocument doc = parsed("<Response><Say colour=\"blue\">hi</Say></Response>");
        assertThat(doc.verbs()).containsExactly(new Say("hi", null, null, 1));
        assertThat(doc.warnings()).extracting(TwimlError::code).containsExactly(12200);
        assertThat(doc.warnings().get(0).message()).contains("colour");
    }

    @Test
    void badAttributeValueFallsBackToTheDefaultWithAWarning() {
        TwimlDocument doc = parsed("<Response><Pause length=\"abc\"/><Gather timeout=\"-3\" method=\"PUT\"/></Response>");
        assertThat(doc.verbs().get(0)).isEqualTo(new Pause(Duration.ofSeconds(1)));
        Gather g = (Gather) doc.verbs().get(1);
        assertThat(g.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(g.method()).isEqualTo(HttpMethod.POST);
        assertThat(doc.warnings()).hasSize(3);
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Response><Say>&x;</Say></Response>";
        assertThat(error(xxe).code()).isEqualTo(12100);
        String billion = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<Response><Say>&b;</Say></Response>";
        assertThat(error(billion).code()).isEqualTo(12100);
    }

    @Test
    void documentOverTheSizeLimitIs11750() {
        String big = "<Response><Say>" + "a".repeat(TwimlParser.DEFAULT_MAX_BYTES) + "</Say></Response>";
        assertThat(error(big).code()).isEqualTo(11750);
    }

    @Test
    void redirectToANonHttpUrlIs12100() {
        assertThat(error("<Response><Redirect>file:///etc/passwd</Redirect></Response>").code()).isEqualTo(12100);
    }

    @Test
    void sipPasswordIsNotPrinted() {
        assertThat(new DialTarget.Sip("sip:a@b", "u", "pw").toString()).doesNotContain("pw");
    }
}
