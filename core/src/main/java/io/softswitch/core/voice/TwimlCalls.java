package io.softswitch.core.voice;

import io.softswitch.core.call.Decision;
import io.softswitch.core.call.HangupBy;
import io.softswitch.core.call.TwimlSource;
import io.softswitch.core.call.VoiceApps;
import io.softswitch.config.provisioning.VoiceWebhooks;
import io.softswitch.media.MediaUnavailableException;
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
import java.util.concurrent.atomic.AtomicReference;
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
        AtomicReference<TwimlCall> call = new AtomicReference<>();
        MediaEndpoint endpoint;
        try {
            endpoint = endpoints.open(offer.codec(), offer.telephoneEvent() < 0 ? 101 : offer.telephoneEvent(),
                    new EndpointListener() {
                        @Override
                        public void digit(char digit) {
                            TwimlCall c = call.get();
                            if (c != null) {
                                c.onDigit(digit);
                            }
                        }
                    }, srtp);
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
        SipCallMedia media = new SipCallMedia(leg, endpoint, answer, tts, audio, token,
                e -> listener.notification(twiml.accountSid(), callSid, e, null, null),
                recordSink(callSid, twiml.accountSid()));
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
                listener.notification(twiml.accountSid(), callSid, error, r == null ? null : r.url(),
                        r == null ? null : r.method().name());
            }

            @Override
            public void asyncCallback(WebhookRequest request) {
                callbacks.offer(request);
            }

            @Override
            public void ended() {
                endpoint.close();
                Outcome o = media.outcome();
                if (!leg.isTerminated() && o.by() != HangupBy.CALLER) {
                    media.hangup();
                    o = media.outcome();
                }
                completed(context, w, o);
                done.accept(o);
            }
        };
        TwimlCall twimlCall = new TwimlCall(context, media, timer, webhooks, parser, new SerialExecutor(pool), events);
        call.set(twimlCall);
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
                if (source.url() != null) {
                    twimlCall.redirect(source.url(), HttpMethod.parse(source.method()));
                    return;
                }
                TwimlResult parsed = parser.parse(source.twiml(), context.voiceUrl());
                if (parsed instanceof TwimlResult.Parsed p) {
                    twimlCall.redirect(p.document());
                } else {
                    // The API checked the document before accepting it; this is only a safety net.
                    listener.notification(twiml.accountSid(), callSid, ((TwimlResult.Failed) parsed).error(), null, null);
                }
            }
        };
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
