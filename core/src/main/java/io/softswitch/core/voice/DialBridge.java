package io.softswitch.core.voice;

import io.softswitch.core.call.CallEngine;
import io.softswitch.core.call.CallStatus;
import io.softswitch.core.call.Decision;
import io.softswitch.core.call.Direction;
import io.softswitch.core.call.HangupBy;
import io.softswitch.core.call.OriginatedCall;
import io.softswitch.core.call.Origination;
import io.softswitch.core.call.OriginationListener;
import io.softswitch.core.call.TrunkingCallRouter;
import io.softswitch.core.security.TargetPolicy;
import io.softswitch.media.MediaUnavailableException;
import io.softswitch.media.endpoint.Codec;
import io.softswitch.media.endpoint.MediaEndpoint;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import io.softswitch.trunking.Router;
import io.softswitch.voice.call.CallContext;
import io.softswitch.voice.call.DialResult;
import io.softswitch.voice.twiml.Dial;
import io.softswitch.voice.twiml.DialRecording;
import io.softswitch.voice.twiml.DialTarget;
import io.softswitch.voice.twiml.TwimlError;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TwiML {@code <Dial>} (issue 18): places the child call (a call record of its own, direction
 * {@code outbound-dial}, {@code parent_call_sid} the TwiML call) through the engine's one path: a
 * {@code <Number>} over the account's routing like a PBX's call (dial plan, blocked prefixes,
 * carriers, failover, limits), a {@code <Sip>} URI (checked against the tenants' target policy)
 * with its digest credentials. The child's media is a second endpoint; once it answers, the two
 * endpoints are bridged frame by frame (each one's decoded audio played out of the other) until
 * either side ends. Then {@code DialCallStatus}, {@code DialCallSid}, {@code DialCallDuration} and
 * {@code DialSipResponseCode} go back to the interpreter.
 *
 * <p>Scope: the first target of the {@code <Dial>} is called (several targets ringing at once is not
 * done); the caller hears silence while the child rings. {@code <Dial record>} records the child's
 * relay session ({@link #recording}).
 */
final class DialBridge {
    private static final Logger LOG = LoggerFactory.getLogger(DialBridge.class);
    /** Twilio's code for a {@code <Dial>} number it cannot use. */
    static final int INVALID_NUMBER = 13223;
    /** Twilio's code for a {@code <Sip>} URI it refuses. */
    static final int INVALID_SIP_URI = 13244;
    private static final Runnable NOTHING = () -> { };

    private final CallEngine engine;
    private final TrunkingCallRouter router;
    private final TwimlCalls voice;
    private final TargetPolicy targets;

    DialBridge(CallEngine engine, TrunkingCallRouter router, TwimlCalls voice, TargetPolicy targets) {
        this.engine = engine;
        this.router = router;
        this.voice = voice;
        this.targets = targets;
    }

    /**
     * Places {@code dial}'s call for {@code parent} and bridges it to {@code parentEndpoint} once answered.
     * Returns the child's handle (its hang-up ends the child); {@code done} gets the outcome once.
     */
    OriginatedCall dial(Dial dial, CallContext parent, MediaEndpoint parentEndpoint, EndpointTaps parentTaps,
            Runnable answerParent, Consumer<DialResult> done) {
        String childSid = CallEngine.newCallSid();
        String callerId = dial.callerId() != null ? dial.callerId() : parent.from();
        DialTarget target = dial.targets().isEmpty() ? null : dial.targets().get(0);
        Decision decision;
        String to;
        if (target instanceof DialTarget.Number n) {
            to = Router.originationNumber(n.number());
            if (to == null) {
                return failed(parent, done, INVALID_NUMBER, "Dial: invalid phone number '" + n.number() + "'");
            }
            decision = router.planCall(Direction.OUTBOUND_DIAL, parent.accountSid(), to, callerId);
        } else if (target instanceof DialTarget.Sip s) {
            String why = targets.refusal(s.uri()).orElse(null);
            SipUri uri;
            try {
                uri = why == null ? SipUri.parse(s.uri()) : null;
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
                uri = null;
            }
            if (uri == null) {
                return failed(parent, done, INVALID_SIP_URI, "Dial: SIP URI '" + s.uri() + "' refused: " + why);
            }
            to = s.uri();
            decision = TrunkingCallRouter.sipCall(Direction.OUTBOUND_DIAL, parent.accountSid(), uri, callerId,
                    s.username(), s.password(), (int) dial.timeout().toMillis());
        } else {
            return failed(parent, done, INVALID_NUMBER, "Dial: nothing to dial");
        }
        EndpointTaps childTaps = new EndpointTaps();
        MediaEndpoint child;
        try {
            child = voice.openEndpoint(Codec.PCMU, 101, childTaps);
        } catch (MediaUnavailableException e) {
            LOG.warn("{}: <Dial> endpoint: {}", parent.callSid(), e.getMessage());
            done.accept(new DialResult(DialResult.Status.FAILED, null, Duration.ZERO, SipStatus.SERVICE_UNAVAILABLE.code()));
            return OriginatedCall.ended(childSid);
        }
        String offer = AudioOffer.offer(new InetSocketAddress(voice.advertised(), child.localAddress().getPort()),
                Codec.PCMU, System.currentTimeMillis());
        OriginationListener listener = new OriginationListener() {
            @Override
            public void answered(String sdp) {
                AudioOffer far = AudioOffer.parse(sdp);
                if (far != null) {
                    child.remote(far.remote());
                }
                answerParent.run();
                parentTaps.audio.set(pcm -> child.play(pcm, NOTHING));
                childTaps.audio.set(pcm -> parentEndpoint.play(pcm, NOTHING));
            }

            @Override
            public void ended(CallStatus status, int sipCode, Instant answeredAt, HangupBy by) {
                parentTaps.audio.set(null);
                child.close();
                parentEndpoint.stopPlayback();
                Duration bridged = answeredAt == null ? Duration.ZERO : Duration.between(answeredAt, Instant.now());
                done.accept(new DialResult(status(status), childSid, bridged, sipCode));
            }
        };
        return engine.originate(childSid, new Origination(decision, offer, parent.callSid(), dial.timeout().toMillis(),
                dial.timeLimit().toMillis(), recording(parent, dial.recording())), callerId, to, listener);
    }

    /**
     * {@code <Dial record>}: the child's relay session is recorded (its leg A carries the parent's
     * audio, leg B the callee's: dual puts them left and right); the Recording belongs to the
     * parent call, source {@code DialVerb}, as Twilio's.
     */
    private io.softswitch.core.call.TrunkRecordings.Plan recording(CallContext parent, DialRecording r) {
        if (!r.mode().records()) {
            return io.softswitch.core.call.TrunkRecordings.Plan.NONE;
        }
        return voice.relayRecording(parent.accountSid(), parent.callSid(), parent.authToken(),
                io.softswitch.core.recording.RecordingSource.DIAL_VERB, r.mode().fromRinging(), r.mode().dual(),
                r.trimSilence(), r.statusCallback(), r.statusCallbackMethod(), r.statusCallbackEvents());
    }

    private OriginatedCall failed(CallContext parent, Consumer<DialResult> done, int code, String message) {
        LOG.info("{}: {}", parent.callSid(), message);
        voice.notification(parent, new TwimlError(code, message));
        done.accept(new DialResult(DialResult.Status.FAILED, null, Duration.ZERO, 0));
        return OriginatedCall.ended(null);
    }


    private static DialResult.Status status(CallStatus s) {
        return switch (s) {
            case COMPLETED -> DialResult.Status.COMPLETED;
            case BUSY -> DialResult.Status.BUSY;
            case NO_ANSWER -> DialResult.Status.NO_ANSWER;
            case CANCELED -> DialResult.Status.CANCELED;
            case FAILED -> DialResult.Status.FAILED;
        };
    }
}
