package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one framing of a raw SIP head shared by the overload shedder and the raw checks. */
class SipHeadTest {

    private static SipHead frame(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return SipHead.frame(b, b.length);
    }

    @Test
    void leadingLineEndsAreSkippedAndCrlfOrBareLfEndLines() {
        SipHead h = frame("\r\n\r\nINVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\nCall-ID: x\r\n\r\nbody");
        assertThat(h.startLine()).isEqualTo("INVITE sip:a@b SIP/2.0");
        assertThat(h.headerLines()).containsExactly("Via: SIP/2.0/UDP h", "Call-ID: x");
        assertThat(h.bodyStart()).isEqualTo(
                "\r\n\r\nINVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\nCall-ID: x\r\n\r\n".length());
    }

    @Test
    void continuationLinesAreJoinedWithOneSpace() {
        SipHead h = frame("INVITE sip:a@b SIP/2.0\r\nSubject: I know you're there,\r\n\t pick up the phone\r\n\r\n");
        assertThat(h.headerLines()).containsExactly("Subject: I know you're there, pick up the phone");
    }

    @Test
    void aHeadWithoutItsEmptyLineRunsToTheEndAndHasNoBody() {
        SipHead h = frame("ACK sip:a@b SIP/2.0\nCSeq: 1 ACK");
        assertThat(h.headerLines()).containsExactly("CSeq: 1 ACK");
        assertThat(h.bodyStart()).isEqualTo(31);
        assertThat(frame("").lines()).isEmpty();
        assertThat(frame("\r\n").lines()).isEmpty();
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] b = "OPTIONS sip:a@b SIP/2.0\r\nTo: <sip:a@b>\r\n\r\nXXXXXXXX".getBytes(StandardCharsets.ISO_8859_1);
        SipHead h = SipHead.frame(b, 25);
        assertThat(h.lines()).containsExactly("OPTIONS sip:a@b SIP/2.0");
    }

    @Test
    void aContinuationLineIsSeenInTheHeadOnly() {
        byte[] folded = "INVITE sip:a@b SIP/2.0\r\nSubject: a,\r\n b\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] indentedBody = "INVITE sip:a@b SIP/2.0\r\nSubject: a\r\n\r\n body".getBytes(StandardCharsets.ISO_8859_1);
        byte[] leadingSpace = " INVITE sip:a@b SIP/2.0\nTo: x\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(SipHead.hasContinuation(folded, 0, folded.length)).isTrue();
        assertThat(SipHead.hasContinuation(indentedBody, 0, indentedBody.length)).isFalse();
        assertThat(SipHead.hasContinuation(leadingSpace, 0, leadingSpace.length)).isFalse();
    }
}
