package io.softswitch.voice.twiml;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Turns the children of {@code <Response>} into verbs; one instance per document. */
final class VerbReader {
    /** Twilio verbs and nouns this switch does not execute: refused like unknown ones (12100). */
    private static final Set<String> UNSUPPORTED = Set.of(
            "Conference", "Connect", "Enqueue", "Leave", "Pay", "Prompt", "Queue", "Refer", "Start", "Stop",
            "Stream", "Siprec", "Sms", "Message", "Echo", "Client", "Application", "Transcription", "Config");

    /** The document cannot be executed: 12100. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final URI base;
    private final List<TwimlError> warnings;

    VerbReader(URI base, List<TwimlError> warnings) {
        this.base = base;
        this.warnings = warnings;
    }

    List<Verb> readAll(Element response) throws Refused {
        List<Verb> verbs = new ArrayList<>();
        for (Element child : children(response)) {
            verbs.add(verb(child));
        }
        return verbs;
    }

    private Verb verb(Element e) throws Refused {
        return switch (e.getTagName()) {
            case "Say", "Play", "Pause" -> prompt(e);
            case "Gather" -> gather(e);
            case "Dial" -> dial(e);
            case "Record" -> record(e);
            case "Hangup" -> {
                attrs(e, Set.of());
                yield new Hangup();
            }
            case "Reject" -> reject(e);
            case "Redirect" -> redirect(e);
            default -> throw refused(e, "Response");
        };
    }

    private Verb.Prompt prompt(Element e) {
        switch (e.getTagName()) {
            case "Say": {
                Attributes a = attrs(e, Set.of("voice", "language", "loop"));
                return new Say(e.getTextContent(), a.string("voice", null), a.string("language", null),
                        a.integer("loop", 1, 0, Say.MAX_LOOP));
            }
            case "Play": {
                Attributes a = attrs(e, Set.of("loop", "digits"));
                String text = e.getTextContent().strip();
                URI url = text.isEmpty() ? null : Attributes.resolve(base, text);
                if (!text.isEmpty() && url == null) {
                    a.warn("'" + text + "' is not a URL, ignored");
                }
                String digits = a.string("digits", null);
                if (digits != null && !digits.matches("[0-9*#A-Dw]*")) {
                    a.warn("digits='" + digits + "' (expected: 0-9 * # A-D w), ignored");
                    digits = null;
                }
                return new Play(url, a.integer("loop", 1, 0, Say.MAX_LOOP), digits);
            }
            default: {
                Attributes a = attrs(e, Set.of("length"));
                return new Pause(a.seconds("length", Pause.DEFAULT_LENGTH, 0, 600));
            }
        }
    }

    private Gather gather(Element e) throws Refused {
        Attributes a = attrs(e, Set.of("input", "numDigits", "timeout", "finishOnKey", "action", "method",
                "actionOnEmptyResult", "language", "hints", "speechTimeout", "partialResultCallback"));
        String input = a.string("input", "dtmf");
        if (!input.contains("dtmf")) {
            throw new Refused("<Gather input='" + input + "'>: only dtmf input is supported");
        }
        String finish = a.string("finishOnKey", Gather.DEFAULT_FINISH_ON_KEY);
        if (!finish.matches("[0-9*#]?")) {
            a.warn("finishOnKey='" + finish + "' (expected: one of 0-9 * # or empty), using #");
            finish = Gather.DEFAULT_FINISH_ON_KEY;
        }
        List<Verb.Prompt> prompts = new ArrayList<>();
        for (Element child : children(e)) {
            if (Set.of("Say", "Play", "Pause").contains(child.getTagName())) {
                prompts.add(prompt(child));
            } else {
                warnings.add(TwimlError.warning("<Gather> unexpected nested <" + child.getTagName() + ">, ignored"));
            }
        }
        return new Gather(a.integer("numDigits", 0, 1, 1000), a.seconds("timeout", Gather.DEFAULT_TIMEOUT, 1, 600),
                finish, a.url("action"), a.method("method"), a.bool("actionOnEmptyResult", false), prompts);
    }

    private Dial dial(Element e) throws Refused {
        Attributes a = attrs(e, Set.of("callerId", "timeout", "timeLimit", "answerOnBridge", "action", "method",
                "record", "trim", "recordingStatusCallback", "recordingStatusCallbackMethod",
                "recordingStatusCallbackEvent", "recordingTrack", "hangupOnStar", "ringTone"));
        List<DialTarget> targets = new ArrayList<>();
        for (Element child : children(e)) {
            switch (child.getTagName()) {
                case "Number" -> {
                    attrs(child, Set.of("sendDigits", "url", "method", "statusCallback", "statusCallbackEvent"));
                    targets.add(new DialTarget.Number(child.getTextContent().strip()));
                }
                case "Sip" -> {
                    Attributes s = attrs(child, Set.of("username", "password", "url", "method", "statusCallback",
                            "statusCallbackEvent"));
                    String uri = child.getTextContent().strip();
                    if (!uri.regionMatches(true, 0, "sip:", 0, 4) && !uri.regionMatches(true, 0, "sips:", 0, 5)) {
                        throw new Refused("<Sip> '" + uri + "' is not a sip: or sips: URI");
                    }
                    targets.add(new DialTarget.Sip(uri, s.string("username", null), s.string("password", null)));
                }
                default -> throw refused(child, "Dial");
            }
        }
        String text = directText(e);
        if (targets.isEmpty() && !text.isEmpty()) {
            targets.add(new DialTarget.Number(text));
        }
        if (targets.isEmpty()) {
            throw new Refused("<Dial> without a number or SIP URI");
        }
        return new Dial(a.string("callerId", null), a.seconds("timeout", Dial.DEFAULT_TIMEOUT, 5, 600),
                a.seconds("timeLimit", Dial.DEFAULT_TIME_LIMIT, 1, 86_400), a.bool("answerOnBridge", false),
                a.url("action"), a.method("method"), targets, dialRecording(a));
    }

    /** {@code <Dial record>}: Twilio's modes; an unknown one is a warning and records nothing. */
    private static DialRecording dialRecording(Attributes a) {
        String value = a.string("record", "do-not-record");
        DialRecording.Mode mode = DialRecording.Mode.parse(value);
        if (mode == null) {
            a.warn("record='" + value + "' (expected: do-not-record, record-from-answer, record-from-ringing,"
                    + " record-from-answer-dual, record-from-ringing-dual), not recorded");
            mode = DialRecording.Mode.DO_NOT_RECORD;
        }
        String track = a.string("recordingTrack", "both");
        if (!track.equals("both")) {
            a.warn("recordingTrack='" + track + "' (expected: both; inbound and outbound are not supported), using both");
        }
        String trim = a.string("trim", "do-not-trim");
        if (!trim.equals("trim-silence") && !trim.equals("do-not-trim")) {
            a.warn("trim='" + trim + "' (expected: trim-silence or do-not-trim), using do-not-trim");
        }
        Set<String> events = new java.util.HashSet<>();
        for (String ev : a.string("recordingStatusCallbackEvent", "completed").trim().split("[\\s,]+")) {
            if (ev.equals("completed") || ev.equals("absent")) {
                events.add(ev);
            } else if (!ev.equals("in-progress") && !ev.isEmpty()) {
                a.warn("recordingStatusCallbackEvent='" + ev + "' (expected: in-progress, completed, absent)");
            }
        }
        return new DialRecording(mode, trim.equals("trim-silence"), a.url("recordingStatusCallback"),
                a.method("recordingStatusCallbackMethod"), events);
    }

    private Record record(Element e) {
        Attributes a = attrs(e, Set.of("maxLength", "timeout", "finishOnKey", "playBeep", "action", "method",
                "recordingStatusCallback", "recordingStatusCallbackMethod", "recordingStatusCallbackEvent", "trim",
                "transcribe"));
        Set<String> events = new java.util.HashSet<>();
        for (String ev : a.string("recordingStatusCallbackEvent", "completed").trim().split("[\\s,]+")) {
            if (ev.equals("completed") || ev.equals("absent")) {
                events.add(ev);
            } else if (!ev.equals("in-progress") && !ev.isEmpty()) {
                a.warn("recordingStatusCallbackEvent='" + ev + "' (expected: in-progress, completed, absent)");
            }
        }
        String finish = a.string("finishOnKey", Record.DEFAULT_FINISH_ON_KEY);
        if (!finish.matches("[0-9*#]*")) {
            a.warn("finishOnKey='" + finish + "' (expected: keys 0-9 * #), using every key");
            finish = Record.DEFAULT_FINISH_ON_KEY;
        }
        return new Record(a.seconds("maxLength", Record.DEFAULT_MAX_LENGTH, 1, 14_400),
                a.seconds("timeout", Record.DEFAULT_TIMEOUT, 0, 600), finish, a.bool("playBeep", true),
                a.url("action"), a.method("method"), a.url("recordingStatusCallback"),
                a.method("recordingStatusCallbackMethod"), events, trim(a));
    }

    private static boolean trim(Attributes a) {
        String trim = a.string("trim", "trim-silence");
        if (!trim.equals("trim-silence") && !trim.equals("do-not-trim")) {
            a.warn("trim='" + trim + "' (expected: trim-silence or do-not-trim), using trim-silence");
            return true;
        }
        return trim.equals("trim-silence");
    }

    private Reject reject(Element e) {
        Attributes a = attrs(e, Set.of("reason"));
        String reason = a.string("reason", "rejected");
        if (reason.equals("busy")) {
            return new Reject(Reject.Reason.BUSY);
        }
        if (!reason.equals("rejected")) {
            a.warn("reason='" + reason + "' (expected: rejected or busy), using rejected");
        }
        return new Reject(Reject.Reason.REJECTED);
    }

    private Redirect redirect(Element e) throws Refused {
        Attributes a = attrs(e, Set.of("method"));
        URI url = Attributes.resolve(base, e.getTextContent());
        if (url == null) {
            throw new Refused("<Redirect> '" + e.getTextContent().strip() + "' is not a URL");
        }
        return new Redirect(url, a.method("method"));
    }

    private Attributes attrs(Element e, Set<String> known) {
        return new Attributes(e, known, base, warnings);
    }

    private static Refused refused(Element e, String parent) {
        String name = e.getTagName();
        return new Refused(UNSUPPORTED.contains(name)
                ? "<" + name + "> in <" + parent + "> is not supported by this switch"
                : "unknown element <" + name + "> in <" + parent + "> (TwiML is case-sensitive)");
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (TwimlParser.isElement(n)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static String directText(Element e) {
        StringBuilder sb = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                sb.append(n.getNodeValue());
            }
        }
        return sb.toString().strip();
    }
}
