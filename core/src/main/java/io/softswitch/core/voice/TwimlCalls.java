package io.softswitch.core.voice;

import io.softswitch.core.call.Decision;
import io.softswitch.core.call.HangupBy;
import io.softswitch.core.call.TwimlSource;
import io.softswitch.core.call.VoiceApps;
import io.softswitch.config.provisioning.VoiceWebhooks;
import io.softswitch.media.MediaUnavailableException;
import io.softswitch.media.endpoint.Codec;
import io.softswitch.media.endpoint.EndpointListener;
import io.softswitch.media.endpoint.EndpointSrtp;
import io.softswitch.media.endpoint.MediaEndpoint;
import io.softswitch.media.endpoint.MediaEndpoints;
import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.Leg;
import io.softswitch.sip.LegListener;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipStatus;
import io.softswitch.voice.audio.AudioFetcher;
import io.softswitch.voice.call.CallContext;
import io.softswitch.voice.call.CallEvents;
import io.softswitch.voice.call.CallProgress;
import io.softswitch.voice.call.SerialExecutor;
import io.softswitch.voice.call.TwimlCall;
import io.softswitch.voice.call.VoiceTimer;
import io.softswitch.voice.tts.SpeechSynthesizer;
import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.twiml.TwimlParser;
import io.softswitch.voice.twiml.TwimlResult;
import io.softswitch.voice.webhook.StatusCallbacks;
import io.softswitch.voice.webhook.WebhookClient;
import io.softswitch.voice.webhook.WebhookRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch's TwiML engine (issue 18): answers a call the router gave to a number's application
 * with a media endpoint and a {@link TwimlCall}. Shared by all calls: one {@link VoiceTimer}, one
 * webhook client, one pool (each call's events in order on a {@link SerialExecutor}), one
 * endpoint factory (one media thread). No thread per call.
 */
public final class TwimlCalls implements VoiceApps {
    private static final Logger LOG = LoggerFactory.getLogger(TwimlCalls.class);

    /** What the engine reports beyond the call: webhook outcomes (metric) and notifications (log, record). */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** {@code outcome}: {@code ok} or Twilio's error code ({@code 11200}, {@code 12100}, {@code 12300}...). */
        default void webhook(String outcome) {}

        /**
         * A failure (or a warning) on call {@code callSid}; {@code url}/{@code method} name the webhook
         * request it is about, null when it is not a webhook's (a {@code <Play>} that failed...).
         */
        default void notification(String accountSid, String callSid, TwimlError error, URI url, String method) {}
    }

    private final MediaEndpoints endpoints;
    private final InetAddress advertised;
    private final VoiceTimer timer;
    private final WebhookClient webhooks;
    private final TwimlParser parser = new TwimlParser();
    private final Executor pool;
    private final SpeechSynthesizer tts;
    private final AudioFetcher audio;
    private final StatusCallbacks callbacks;
    private final SigningKeys keys;
    private final Listener listener;
    private final io.softswitch.core.recording.Recordings recordings;
    private volatile DialBridge dials;

    /**
     * @param advertised the address put in SDP answers (the endpoints' bind address when it is not a wildcard)
     */
    public TwimlCalls(MediaEndpoints endpoints, InetAddress advertised, VoiceTimer timer, WebhookClient webhooks,
            Executor pool, SpeechSynthesizer tts, AudioFetcher audio, StatusCallbacks callbacks, SigningKeys keys,
            Listener listener) {
        this(endpoints, advertised, timer, webhooks, pool, tts, audio, callbacks, keys, listener, null);
    }

    /** @param recordings where {@code <Record>} stores its WAVs; null refuses {@code <Record>} (error 12999) */
    public TwimlCalls(MediaEndpoints endpoints, InetAddress advertised, VoiceTimer timer, WebhookClient webhooks,
            Executor pool, SpeechSynthesizer tts, AudioFetcher audio, StatusCallbacks callbacks, SigningKeys keys,
            Listener listener, io.softswitch.core.recording.Recordings recordings) {
        this.recordings = recordings;
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.advertised = Objects.requireNonNull(advertised, "advertised");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.tts = Objects.requireNonNull(tts, "tts");
        this.audio = Objects.requireNonNull(audio, "audio");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Control start(String callSid, InboundLeg leg, Decision.Twiml twiml, Consumer<Outcome> done) {
        SipBody body = leg.invite().body();
        AudioOffer offer = body != null && body.isSdp() ? AudioOffer.parse(body.content()) : null;
        if (offer == null) {
            // No offer (late offer) or no PCMU/PCMA stream: the switch cannot speak with this caller.
            return refuse(leg, SipStatus.NOT_ACCEPTABLE_HERE, done);
        }
        // SDES SRTP (RFC 4568) when the caller offers it, our key in the answer; a Secure trunk's PBX
        // must offer it (Twilio Secure trunking), as on relayed calls.
        EndpointSrtp srtp = offer.offersSrtp() ? EndpointSrtp.answer(offer.crypto()) : null;
        if (offer.offersSrtp() && srtp == null) {
            LOG.info("{}: offer has no usable a=crypto (expected: SDES keys, RFC 4568): 488", callSid);
            return refuse(leg, SipStatus.NOT_ACCEPTABLE_HERE, done);
        }
        if (twiml.secure() && srtp == null) {
            LOG.info("{}: Secure trunk's PBX offered plain RTP: 488", callSid);
            return refuse(leg, SipStatus.NOT_ACCEPTABLE_HERE, done);
        }
        String token = keys.authToken(twiml.accountSid()).orElse(null);
        if (token == null) {
            LOG.warn("{}: account {} has no webhook signing key (rotate its auth token): call refused", callSid,
                    twiml.accountSid());
            return refuse(leg, SipStatus.SERVICE_UNAVAILABLE, done);
        }
        EndpointTaps taps = new EndpointTaps();
        MediaEndpoint endpoint;
        try {
            endpoint = openEndpoint(offer.codec(), offer.telephoneEvent() < 0 ? 101 : offer.telephoneEvent(), taps,
                    srtp);
        } catch (MediaUnavailableException e) {
            LOG.warn("{}: {}", callSid, e.getMessage());
            return refuse(leg, SipStatus.SERVICE_UNAVAILABLE, done);
        }
        endpoint.remote(offer.remote());
        String answer = offer.answer(new InetSocketAddress(advertised, endpoint.localAddress().getPort()),
                System.currentTimeMillis(), srtp == null ? null : srtp.answerLine());
        VoiceWebhooks w = twiml.webhooks();
        CallContext context = new CallContext(callSid, twiml.accountSid(), twiml.from(), twiml.to(), "inbound", null,
                token, URI.create(w.url()), HttpMethod.parse(w.method()),
                w.fallbackUrl() == null ? null : URI.create(w.fallbackUrl()), HttpMethod.parse(w.fallbackMethod()));
        SipCallMedia media = media(TwimlLeg.of(leg, answer), endpoint, taps, context);
        TwimlCall twimlCall = interpreter(context, media, () -> {
            endpoint.close();
            Outcome o = media.outcome();
            if (!leg.isTerminated() && o.by() != HangupBy.CALLER) {
                media.hangup();
                o = media.outcome();
            }
            completed(context, w, o);
            done.accept(o);
        });
        taps.interpreter.set(twimlCall);
        leg.setListener(new LegListener() {
            @Override
            public void onRequest(Leg l, InDialogRequest request) {
                // A re-INVITE or UPDATE (session refresh): the same SDP answer; anything else 200.
                request.respond(new SipReply(SipStatus.OK,
                        "INVITE".equals(request.method()) || "UPDATE".equals(request.method()) ? SipBody.sdp(answer) : null,
                        List.of()));
            }

            @Override
            public void onBye(Leg l) {
                media.callerLeft(SipStatus.REQUEST_TERMINATED.code());
                twimlCall.onHangup();
            }

            @Override
            public void onCancel(Leg l) {
                media.callerLeft(SipStatus.REQUEST_TERMINATED.code());
                twimlCall.onHangup();
            }

            @Override
            public void onLost(Leg l, String why) {
                media.callerLeft(SipStatus.REQUEST_TERMINATED.code());
                twimlCall.onHangup();
            }
        });
        twimlCall.start();
        return new Control() {
            @Override
            public java.time.Instant answeredAt() {
                return media.answeredAt();
            }

            @Override
            public String srtpSuite() {
                return srtp == null ? null : srtp.suite().sdpName();
            }

            @Override
            public void hangUp(HangupBy by) {
                media.endingBy(by);
                twimlCall.hangUp();
            }

            @Override
            public void redirect(TwimlSource source) {
                TwimlCalls.this.redirect(twimlCall, context, source);
            }
        };
    }

    /** The REST API's {@code Url}/{@code Twiml} on a live call: {@code call} stops what it does and runs {@code source}. */
    void redirect(TwimlCall call, CallContext context, TwimlSource source) {
        if (source.url() != null) {
            call.redirect(source.url(), HttpMethod.parse(source.method()));
            return;
        }
        TwimlResult parsed = parser.parse(source.twiml(), context.voiceUrl());
        if (parsed instanceof TwimlResult.Parsed p) {
            call.redirect(p.document());
        } else {
            // The API checked the document before accepting it; this is only a safety net.
            notification(context, ((TwimlResult.Failed) parsed).error());
        }
    }

    /** An endpoint whose digits and audio go where {@code taps} says. */
    MediaEndpoint openEndpoint(Codec codec, int telephoneEvent, EndpointListener taps) throws MediaUnavailableException {
        return openEndpoint(codec, telephoneEvent, taps, null);
    }

    /** The same, with SDES keys ({@code srtp}, null for plain RTP). */
    MediaEndpoint openEndpoint(Codec codec, int telephoneEvent, EndpointListener taps, EndpointSrtp srtp)
            throws MediaUnavailableException {
        return endpoints.open(codec, telephoneEvent, taps, srtp);
    }

    /** The address media endpoints are reachable at, for SDP. */
    InetAddress advertised() {
        return advertised;
    }

    /** The auth token that signs {@code accountSid}'s webhooks, if the account has one. */
    java.util.Optional<String> authToken(String accountSid) {
        return keys.authToken(accountSid);
    }

    /** Records a notification (not a webhook's) on the call of {@code context}. */
    void notification(CallContext context, TwimlError error) {
        listener.notification(context.accountSid(), context.callSid(), error, null, null);
    }

    /** Queues a status callback on the bounded, ordered callback queue. */
    void callback(WebhookRequest request) {
        callbacks.offer(request);
    }

    /** The verbs' media and signalling over {@code endpoint} and {@code leg}. */
    SipCallMedia media(TwimlLeg leg, MediaEndpoint endpoint, EndpointTaps taps, CallContext context) {
        return new SipCallMedia(leg, endpoint, tts, audio, context.authToken(), e -> notification(context, e),
                recordSink(context.callSid(), context.accountSid()), dials == null ? null
                        : (dial, answerParent, done) -> dials.dial(dial, context, endpoint, taps, answerParent, done));
    }

    /**
     * Where {@code <Dial>} places its calls (set once at start, when the engine exists); without it
     * {@code <Dial>} is refused with a notification.
     */
    public void dials(io.softswitch.core.call.CallEngine engine, io.softswitch.core.call.TrunkingCallRouter router,
            io.softswitch.core.security.TargetPolicy targets) {
        this.dials = new DialBridge(engine, router, this, targets);
    }

    /**
     * An interpreter for {@code context} over {@code media}: webhook outcomes counted, notifications
     * recorded, asynchronous callbacks queued; {@code ended} runs once when it is done with the call.
     */
    TwimlCall interpreter(CallContext context, SipCallMedia media, Runnable ended) {
        CallEvents events = new CallEvents() {
            /** The request whose failure the next notification is (the interpreter reports both in turn). */
            private volatile WebhookRequest failed;
            private volatile TwimlError failure;

            @Override
            public void webhook(WebhookRequest request, TwimlError error) {
                listener.webhook(error == null ? "ok" : Integer.toString(error.code()));
                failed = error == null ? null : request;
                failure = error;
            }

            @Override
            public void notification(TwimlError error) {
                WebhookRequest r = error == failure ? failed : null;
                listener.notification(context.accountSid(), context.callSid(), error, r == null ? null : r.url(),
                        r == null ? null : r.method().name());
            }

            @Override
            public void asyncCallback(WebhookRequest request) {
                callbacks.offer(request);
            }

            @Override
            public void ended() {
                ended.run();
            }
        };
        return new TwimlCall(context, media, timer, webhooks, parser, new SerialExecutor(pool), events);
    }

    /**
     * How a call the switch places is recorded on the relay ({@code Record=true} on {@code POST Calls},
     * {@code <Dial record>}): from the far end's first ringing or its answer, mono or dual, until the
     * call ends; the Recording belongs to {@code callSid} (the parent for a {@code <Dial>}, as
     * Twilio). {@code RecordingStatusCallback}, when given, is told {@code completed} (or
     * {@code failed}, with {@code ErrorCode}) once the row is complete, or {@code absent} when nothing
     * could be recorded (disk guard, no recordings), signed with {@code authToken}.
     */
    io.softswitch.core.call.TrunkRecordings.Plan relayRecording(String accountSid, String callSid, String authToken,
            io.softswitch.core.recording.RecordingSource source, boolean fromRinging, boolean dual, boolean trim,
            URI statusCallback, HttpMethod statusCallbackMethod, java.util.Set<String> statusCallbackEvents) {
        io.softswitch.core.call.TrunkRecordings.Start start = fromRinging
                ? io.softswitch.core.call.TrunkRecordings.Start.RINGING
                : io.softswitch.core.call.TrunkRecordings.Start.ANSWER;
        return new io.softswitch.core.call.TrunkRecordings.Plan() {
            @Override
            public io.softswitch.core.call.TrunkRecordings.Start start() {
                return start;
            }

            @Override
            public void begin(io.softswitch.core.call.MediaBridge.Session media) {
                java.util.Optional<io.softswitch.core.recording.Recordings.Relayed> started = recordings == null
                        ? java.util.Optional.empty()
                        : recordings.recordRelayed(accountSid, callSid, source, media, dual, trim, f -> {
                            String status = f.error() == null ? "completed" : "failed";
                            if (statusCallback != null && statusCallbackEvents.contains("completed")) {
                                callbacks.offer(recordingStatus(accountSid, callSid, authToken, source, status,
                                        f.started(), f.channels(), f.duration(), statusCallback, statusCallbackMethod));
                            }
                        });
                if (started.isEmpty()) {
                    LOG.info("{}: {} recording not started", callSid, source.twilio());
                    if (statusCallback != null && statusCallbackEvents.contains("absent")) {
                        callbacks.offer(recordingStatus(accountSid, callSid, authToken, source, "absent", null,
                                dual ? 2 : 1, java.time.Duration.ZERO, statusCallback, statusCallbackMethod));
                    }
                }
            }
        };
    }

    /** Twilio's {@code RecordingStatusCallback} request. */
    private WebhookRequest recordingStatus(String accountSid, String callSid, String authToken,
            io.softswitch.core.recording.RecordingSource source, String status,
            io.softswitch.core.recording.Recordings.Started started, int channels, java.time.Duration duration,
            URI url, HttpMethod method) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("AccountSid", accountSid);
        p.put("CallSid", callSid);
        if (started != null) {
            p.put("RecordingSid", started.sid());
            p.put("RecordingUrl", recordings.url(accountSid, started.sid()).toString());
            p.put("RecordingStartTime", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(started.startTime().atZone(java.time.ZoneOffset.UTC)));
        }
        p.put("RecordingStatus", status);
        p.put("RecordingDuration", Long.toString(duration.toSeconds()));
        p.put("RecordingChannels", Integer.toString(channels));
        p.put("RecordingSource", source.twilio());
        p.put("RecordingTrack", "both");
        if (status.equals("failed")) {
            p.put("ErrorCode", Integer.toString(io.softswitch.core.recording.Recordings.RECORDING_FAILED));
        }
        return new WebhookRequest(url, method, p, authToken);
    }

    /**
     * The number's {@code StatusCallback} (Twilio's default subscription: {@code completed} only),
     * queued on the bounded {@link StatusCallbacks}: a dead callback server never holds the call.
     */
    private void completed(CallContext context, VoiceWebhooks w, Outcome o) {
        if (w.statusCallback() == null) {
            return;
        }
        String status = o.answered() ? "completed" : switch (o.sipCode()) {
            case 486, 600 -> "busy";
            case 408, 480 -> "no-answer";
            case 487 -> "canceled";
            default -> "failed";
        };
        java.time.Duration duration = o.answered() && o.answeredAt() != null
                ? java.time.Duration.between(o.answeredAt(), java.time.Instant.now()) : java.time.Duration.ZERO;
        new CallProgress(context, URI.create(w.statusCallback()), HttpMethod.parse(w.statusCallbackMethod()),
                java.util.Set.of(CallProgress.Event.COMPLETED), java.time.Clock.systemUTC())
                .on(CallProgress.Event.COMPLETED, status, duration, o.answered() ? 200 : o.sipCode())
                .ifPresent(callbacks::offer);
    }

    /**
     * {@code <Record>}'s WAVs become Recording resources (source {@code RecordVerb}), written on the
     * pool, never on the media thread; refused by the disk guard: nothing recorded (no RecordingUrl).
     */
    private SipCallMedia.RecordSink recordSink(String callSid, String accountSid) {
        if (recordings == null) {
            return null;
        }
        return (wav, done) -> pool.execute(() -> {
            java.util.Optional<io.softswitch.core.recording.Recordings.Started> started = recordings.begin(accountSid,
                    callSid, io.softswitch.core.recording.RecordingSource.RECORD_VERB, 1);
            if (started.isEmpty()) {
                done.accept(new io.softswitch.voice.call.RecordingResult(null, null, java.time.Duration.ZERO));
                return;
            }
            java.time.Duration duration = java.time.Duration.ofMillis((wav.length - 44L) / 16);
            if (!recordings.store(started.get(), wav, duration)) {
                done.accept(new io.softswitch.voice.call.RecordingResult(null, null, java.time.Duration.ZERO));
                return;
            }
            done.accept(new io.softswitch.voice.call.RecordingResult(started.get().sid(),
                    recordings.url(accountSid, started.get().sid()), duration));
        });
    }

    private static Control refuse(InboundLeg leg, SipStatus status, Consumer<Outcome> done) {
        leg.reject(status, List.of());
        done.accept(new Outcome(false, null, status.code(), HangupBy.SYSTEM));
        return Control.NONE;
    }
}
