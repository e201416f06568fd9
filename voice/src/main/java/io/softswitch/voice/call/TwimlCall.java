package io.softswitch.voice.call;

import io.softswitch.voice.twiml.Dial;
import io.softswitch.voice.twiml.Gather;
import io.softswitch.voice.twiml.Hangup;
import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.twiml.Pause;
import io.softswitch.voice.twiml.Play;
import io.softswitch.voice.twiml.Record;
import io.softswitch.voice.twiml.Redirect;
import io.softswitch.voice.twiml.Reject;
import io.softswitch.voice.twiml.Say;
import io.softswitch.voice.twiml.TwimlDocument;
import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.twiml.TwimlParser;
import io.softswitch.voice.twiml.TwimlResult;
import io.softswitch.voice.twiml.Verb;
import io.softswitch.voice.webhook.TwimlFetch;
import io.softswitch.voice.webhook.WebhookClient;
import io.softswitch.voice.webhook.WebhookRequest;
import io.softswitch.voice.webhook.WebhookResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs one call's TwiML: fetches the Voice URL, executes the verbs in order, follows
 * {@code action}/{@code <Redirect>} URLs, falls back once to the fallback URL when a fetch or its
 * TwiML fails, and hangs up at the end of a document.
 *
 * <p>Threading: every event (the entry points below, media completions, webhook responses, timer
 * expiries) runs on the call's {@code executor}, which must run tasks one at a time in order
 * ({@link SerialExecutor} over a shared pool). No method blocks and no thread is held while the
 * call waits: waiting is a {@link VoiceTimer} entry. A callback from an operation that was
 * superseded (a barged-in prompt, a cancelled timeout, a call that ended) is ignored: each carries
 * the {@code generation} it was issued in.
 *
 * <p>Notes on Twilio's semantics followed here: the call is answered by the first verb that needs
 * media, including {@code <Pause>} and {@code <Gather>} (not by {@code <Reject>}, {@code <Hangup>},
 * {@code <Redirect>}, nor by {@code <Dial answerOnBridge="true">}); {@code <Reject>}
 * once the call was answered (by an earlier verb) hangs up; {@code <Gather>} without digits falls through to the next verb
 * unless {@code actionOnEmptyResult}; {@code <Dial>} without {@code action} continues with the next
 * verb; a failed {@code <Play>} is a notification and the document goes on.
 *
 * <p>Why one class of this size: it is one state machine whose transitions share the generation
 * counter, the single pending timeout and the current document; splitting the verbs apart would
 * spread that shared state across classes. Most of its length is the action requests' parameters.
 */
public final class TwimlCall {
    /** Where the call is. */
    public enum Phase { IDLE, FETCHING, PROMPTING, GATHERING, RECORDING, DIALING, ENDED }

    /** How long a recording's result is awaited after the caller hung up during {@code <Record>}. */
    public static final java.time.Duration RECORDING_GRACE = java.time.Duration.ofSeconds(10);

    private final CallContext call;
    private final CallMedia media;
    private final VoiceTimer timer;
    private final WebhookClient webhooks;
    private final TwimlParser parser;
    private final Executor executor;
    private final CallEvents events;

    private volatile Phase phase = Phase.IDLE;
    private int generation;
    private boolean answered;
    private List<Verb> verbs = List.of();
    private int pc;
    private URI documentUrl;
    private VoiceTimer.Timeout timeout;
    private final Prompts prompts = new Prompts();
    private Gather gather;
    private final StringBuilder digits = new StringBuilder();
    private Record record;
    private String recordKey;
    private boolean callerGone;

    public TwimlCall(CallContext call, CallMedia media, VoiceTimer timer, WebhookClient webhooks, TwimlParser parser,
            Executor executor, CallEvents events) {
        this.call = call;
        this.media = media;
        this.timer = timer;
        this.webhooks = webhooks;
        this.parser = parser;
        this.executor = executor;
        this.events = events;
    }

    /** Fetches the Voice URL and starts executing (the call is ringing). */
    public void start() {
        executor.execute(() -> {
            if (phase == Phase.IDLE) {
                fetch(call.voiceUrl(), call.voiceMethod(), Map.of(), true);
            }
        });
    }

    /**
     * Starts an outbound call's TwiML once the far end answered (Calls API, issue 19): the call is
     * {@code in-progress} from the first request. {@code twiml} is the inline document ({@code Twiml}
     * parameter), run as if fetched; {@code null} fetches the Voice URL. An inline document that does
     * not parse is a 12100 notification and the call hangs up.
     */
    public void startAnswered(String twiml) {
        executor.execute(() -> {
            if (phase != Phase.IDLE) {
                return;
            }
            answered = true;
            if (twiml == null) {
                fetch(call.voiceUrl(), call.voiceMethod(), Map.of(), true);
                return;
            }
            TwimlResult result = parser.parse(twiml, call.voiceUrl());
            if (result instanceof TwimlResult.Parsed parsed) {
                parsed.document().warnings().forEach(events::notification);
                verbs = parsed.document().verbs();
                pc = 0;
                documentUrl = call.voiceUrl();
                next();
            } else {
                events.notification(((TwimlResult.Failed) result).error());
                hangup();
            }
        });
    }

    /** A DTMF digit from the caller (RFC 4733 event end). */
    public void onDigit(char digit) {
        executor.execute(() -> digit(digit));
    }

    /**
     * The caller hung up: everything pending is dropped, except a recording in progress, whose
     * result is still posted to the {@code <Record>} action with {@code Digits=hangup} (its TwiML
     * is not run), as Twilio does; at most {@link #RECORDING_GRACE} is waited for it.
     */
    public void onHangup() {
        executor.execute(() -> {
            if (phase == Phase.RECORDING && !callerGone) {
                callerGone = true;
                recordKey = "hangup";
                armTimeout(RECORDING_GRACE, this::end);
                media.stopRecording();
            } else {
                end();
            }
        });
    }

    /** The REST API ended the call ({@code Status=completed}): as a {@code <Hangup>} now. */
    public void hangUp() {
        executor.execute(this::hangup);
    }

    /**
     * The REST API redirected the call ({@code Url}): what runs now stops (a prompt, a
     * {@code <Gather>} or {@code <Pause>} wait, a recording, whose result is dropped) and the call
     * fetches {@code url} as after a {@code <Redirect>}, with the fallback URL on failure.
     */
    public void redirect(URI url, HttpMethod method) {
        executor.execute(() -> {
            if (interrupt()) {
                fetch(url, method, Map.of(), true);
            }
        });
    }

    /** The REST API gave the call new TwiML inline ({@code Twiml}): runs it as {@link #redirect(URI, HttpMethod)} does a fetched one. */
    public void redirect(TwimlDocument document) {
        executor.execute(() -> {
            if (interrupt()) {
                enter(Phase.FETCHING);
                run(document, documentUrl);
            }
        });
    }

    /** Stops what the call is doing for a redirect; false when the call is over (nothing to redirect). */
    private boolean interrupt() {
        if (phase == Phase.ENDED || callerGone) {
            return false;
        }
        cancelTimeout();
        if (prompts.active()) {
            prompts.stop();
        }
        if (phase == Phase.RECORDING) {
            media.stopRecording();
        }
        return true;
    }

    public Phase phase() {
        return phase;
    }

    // --- fetching ------------------------------------------------------------------------------

    private void fetch(URI url, HttpMethod method, Map<String, String> extra, boolean fallbackAllowed) {
        if (url == null) { // an inline document's relative action, with no URL to resolve it against
            events.notification(new TwimlError(TwimlError.HTTP_RETRIEVAL_FAILURE, "no URL to fetch (inline TwiML)"));
            hangup();
            return;
        }
        enter(Phase.FETCHING);
        Map<String, String> params = call.parameters(answered ? "in-progress" : "ringing");
        params.putAll(extra);
        WebhookRequest request = new WebhookRequest(url, method, params, call.authToken());
        Consumer<WebhookResult> onResult = guard(result -> fetched(request, result, extra, fallbackAllowed));
        webhooks.send(request).whenComplete((result, failure) -> onResult.accept(result != null ? result
                : new WebhookResult.Failure(new TwimlError(TwimlError.HTTP_RETRIEVAL_FAILURE, String.valueOf(failure)))));
    }

    private void fetched(WebhookRequest request, WebhookResult result, Map<String, String> extra, boolean fallbackAllowed) {
        TwimlResult twiml = TwimlFetch.toTwiml(result, request.url(), parser);
        if (twiml instanceof TwimlResult.Parsed parsed) {
            events.webhook(request, null);
            run(parsed.document(), request.url());
            return;
        }
        TwimlError error = ((TwimlResult.Failed) twiml).error();
        events.webhook(request, error);
        events.notification(error);
        if (fallbackAllowed && call.fallbackUrl() != null) {
            Map<String, String> retry = new LinkedHashMap<>(extra);
            retry.put("ErrorCode", Integer.toString(error.code()));
            retry.put("ErrorUrl", request.url().toString());
            fetch(call.fallbackUrl(), call.fallbackMethod(), retry, false);
        } else {
            hangup();
        }
    }

    private void run(TwimlDocument doc, URI url) {
        doc.warnings().forEach(events::notification);
        verbs = doc.verbs();
        pc = 0;
        documentUrl = url;
        next();
    }

    // --- verbs ---------------------------------------------------------------------------------

    private void next() {
        if (pc >= verbs.size()) {
            hangup();
            return;
        }
        Verb verb = verbs.get(pc++);
        if (verb instanceof Verb.Prompt p) {
            enter(Phase.PROMPTING);
            prompts.start(List.of(p), this::next);
        } else if (verb instanceof Gather g) {
            enter(Phase.GATHERING);
            answer();
            gather = g;
            digits.setLength(0);
            prompts.start(g.prompts(), () -> armTimeout(g.timeout(), this::gatherDone));
        } else if (verb instanceof Dial d) {
            enter(Phase.DIALING);
            if (!d.answerOnBridge()) {
                answer();
            }
            media.dial(d, guard(result -> dialed(d, result)));
        } else if (verb instanceof Record r) {
            enter(Phase.RECORDING);
            answer();
            record = r;
            recordKey = null;
            armTimeout(r.maxLength(), media::stopRecording);
            media.record(r, guard(this::recorded));
        } else if (verb instanceof Redirect r) {
            fetch(r.url(), r.method(), Map.of(), true);
        } else if (verb instanceof Reject r && !answered) {
            media.reject(r.reason());
            end();
        } else if (verb instanceof Reject || verb instanceof Hangup) {
            hangup();
        }
    }

    private void digit(char d) {
        if (phase == Phase.GATHERING) {
            if (prompts.active()) {
                prompts.stop();
            }
            cancelTimeout();
            if (!gather.finishOnKey().isEmpty() && gather.finishOnKey().charAt(0) == d) {
                gatherDone();
                return;
            }
            digits.append(d);
            if (gather.numDigits() > 0 && digits.length() >= gather.numDigits()) {
                gatherDone();
            } else {
                armTimeout(gather.timeout(), this::gatherDone);
            }
        } else if (phase == Phase.RECORDING && recordKey == null && record.finishOnKey().indexOf(d) >= 0) {
            recordKey = String.valueOf(d);
            media.stopRecording();
        }
    }

    private void gatherDone() {
        cancelTimeout();
        if (digits.length() == 0 && !gather.actionOnEmptyResult()) {
            next();
            return;
        }
        fetch(orDocument(gather.action()), gather.method(), Map.of("Digits", digits.toString()), true);
    }

    private void dialed(Dial dial, DialResult result) {
        if (dial.action() == null) {
            next();
            return;
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("DialCallStatus", result.status().value());
        if (result.callSid() != null) {
            p.put("DialCallSid", result.callSid());
        }
        p.put("DialCallDuration", Long.toString(result.duration().toSeconds()));
        if (result.sipResponseCode() > 0) {
            p.put("DialSipResponseCode", Integer.toString(result.sipResponseCode()));
        }
        fetch(dial.action(), dial.method(), p, true);
    }

    private void recorded(RecordingResult result) {
        cancelTimeout();
        Map<String, String> p = new LinkedHashMap<>();
        if (result.url() != null) {
            p.put("RecordingSid", result.sid());
            p.put("RecordingUrl", result.url().toString());
            p.put("RecordingDuration", Long.toString(result.duration().toSeconds()));
        }
        p.put("Digits", recordKey == null ? "" : recordKey);
        String recordingStatus = result.url() != null ? "completed" : "absent";
        if (record.recordingStatusCallback() != null && record.recordingStatusCallbackEvents().contains(recordingStatus)) {
            Map<String, String> cb = new LinkedHashMap<>();
            cb.put("AccountSid", call.accountSid());
            cb.put("CallSid", call.callSid());
            if (result.url() != null) {
                cb.put("RecordingSid", result.sid());
                cb.put("RecordingUrl", result.url().toString());
            }
            cb.put("RecordingStatus", recordingStatus);
            cb.put("RecordingDuration", Long.toString(result.duration().toSeconds()));
            cb.put("RecordingChannels", "1");
            cb.put("RecordingSource", "RecordVerb");
            events.asyncCallback(new WebhookRequest(record.recordingStatusCallback(),
                    record.recordingStatusCallbackMethod(), cb, call.authToken()));
        }
        if (callerGone) {
            Map<String, String> gone = call.parameters("completed");
            gone.putAll(p);
            events.asyncCallback(new WebhookRequest(orDocument(record.action()), record.method(), gone, call.authToken()));
            end();
            return;
        }
        fetch(orDocument(record.action()), record.method(), p, true);
    }

    // --- call state ----------------------------------------------------------------------------

    private void answer() {
        if (!answered) {
            answered = true;
            media.answer();
        }
    }

    private void hangup() {
        if (phase != Phase.ENDED) {
            media.hangup();
            end();
        }
    }

    private void end() {
        if (phase == Phase.ENDED) {
            return;
        }
        cancelTimeout();
        enter(Phase.ENDED);
        events.ended();
    }

    private void enter(Phase next) {
        generation++;
        phase = next;
    }

    private void armTimeout(java.time.Duration delay, Runnable task) {
        cancelTimeout();
        Consumer<Object> fire = guard(ignored -> {
            timeout = null;
            task.run();
        });
        timeout = timer.schedule(delay, () -> fire.accept(null));
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel();
            timeout = null;
        }
    }

    private URI orDocument(URI url) {
        return url != null ? url : documentUrl;
    }

    /** Wraps a callback so it runs on the call's executor, and only if nothing superseded it. */
    private <T> Consumer<T> guard(Consumer<T> body) {
        int issued = generation;
        return value -> executor.execute(() -> {
            if (issued == generation && phase != Phase.ENDED) {
                body.accept(value);
            }
        });
    }

    /** Plays a list of Say/Play/Pause with their loops, then runs a continuation. */
    private final class Prompts {
        private final List<Verb.Prompt> queue = new ArrayList<>();
        private Runnable then;
        private boolean active;

        void start(List<Verb.Prompt> list, Runnable continuation) {
            queue.clear();
            for (Verb.Prompt p : list) {
                if (p instanceof Play play && play.digits() != null && play.url() != null) {
                    queue.add(new Play(null, 1, play.digits()));
                    queue.add(new Play(play.url(), play.loop(), null));
                } else {
                    queue.add(p);
                }
            }
            then = continuation;
            active = true;
            step(0);
        }

        boolean active() {
            return active;
        }

        /** A digit barged in: the prompt in progress stops, its completion becomes stale. */
        void stop() {
            active = false;
            cancelTimeout();
            media.stopPrompt();
            generation++;
        }

        private void step(int played) {
            if (queue.isEmpty()) {
                active = false;
                then.run();
                return;
            }
            Verb.Prompt p = queue.get(0);
            int times = p instanceof Say s ? s.repetitions() : p instanceof Play pl && pl.url() != null ? pl.repetitions() : 1;
            if (played >= times) {
                queue.remove(0);
                step(0);
                return;
            }
            CallMedia.Completion done = guard((TwimlError error) -> {
                if (error != null) {
                    events.notification(error);
                    queue.remove(0);
                    step(0);
                } else {
                    step(played + 1);
                }
            })::accept;
            answer();
            if (p instanceof Pause pause) {
                armTimeout(pause.length(), () -> done.done(null));
                return;
            }
            if (p instanceof Say s) {
                media.say(s, done);
            } else if (((Play) p).url() == null) {
                media.sendDigits(((Play) p).digits() == null ? "" : ((Play) p).digits(), done);
            } else {
                media.play(((Play) p).url(), done);
            }
        }
    }
}
