package io.softswitch.voice.call;

import io.softswitch.voice.twiml.Dial;
import io.softswitch.voice.twiml.Record;
import io.softswitch.voice.twiml.Reject;
import io.softswitch.voice.twiml.Say;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records what the interpreter asks of the call; the test completes operations. */
final class FakeMedia implements CallMedia {
    final List<String> log = new CopyOnWriteArrayList<>();
    volatile Completion prompt;
    volatile Consumer<RecordingResult> recording;
    volatile Consumer<DialResult> dialing;
    /** When set, say/play/digits complete at once. */
    volatile boolean instant;

    @Override
    public void answer() {
        log.add("answer");
    }

    @Override
    public void say(Say say, Completion done) {
        log.add("say:" + say.text());
        complete(done);
    }

    @Override
    public void play(URI url, Completion done) {
        log.add("play:" + url.getPath());
        complete(done);
    }

    @Override
    public void sendDigits(String digits, Completion done) {
        log.add("digits:" + digits);
        complete(done);
    }

    private void complete(Completion done) {
        if (instant) {
            done.done(null);
        } else {
            prompt = done;
        }
    }

    /** Finishes the say/play in progress. */
    void finishPrompt() {
        Completion c = prompt;
        prompt = null;
        c.done(null);
    }

    @Override
    public void stopPrompt() {
        log.add("stopPrompt");
    }

    @Override
    public void record(Record record, Consumer<RecordingResult> done) {
        log.add("record");
        recording = done;
    }

    @Override
    public void stopRecording() {
        log.add("stopRecording");
    }

    @Override
    public void dial(Dial dial, Consumer<DialResult> done) {
        log.add("dial:" + dial.targets());
        dialing = done;
    }

    @Override
    public void hangup() {
        log.add("hangup");
    }

    @Override
    public void reject(Reject.Reason reason) {
        log.add("reject:" + reason.sipStatus());
    }
}
