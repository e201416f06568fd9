package io.softswitch.media.internal.srtp;

import io.softswitch.media.SrtpSuite;
import java.security.GeneralSecurityException;
import java.util.logging.Level;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * One direction of one leg under one SDES key: either what the leg sends us (unprotect: verify,
 * check replay, decrypt) or what we send it (protect), for RTP and RTCP (RFC 3711). A crypto
 * context exists per SSRC (the SSRC is part of the IV); at most {@value #MAX_SSRCS} are kept, the
 * oldest replaced, and an unprotect context is kept only once a packet authenticated with it, so
 * forged packets with made-up SSRCs cannot grow the state. Confined to the session's event loop.
 */
public final class SrtpStream implements AutoCloseable {
    /** SSRCs kept per direction: a leg normally sends one, a few after a re-INVITE or a transfer. */
    static final int MAX_SSRCS = 8;

    /** jitsi-srtp logs through java.util.logging; only its errors pass (never a key: it logs none). */
    private static final Logger LOG = new LoggerImpl(SrtpStream.class.getName(), Level.SEVERE);

    /** What a transform did to a packet. */
    public enum Result { OK, AUTH_FAILED, REPLAYED, MALFORMED }

    private final SdesCrypto key;
    private final boolean sender;
    private final SrtpContextFactory factory;
    /** AES_CM_128_HMAC_SHA1_*: RTP with {@link AesCmRtpContext}, not jitsi-srtp (its class comment says why). */
    private final boolean aesCm;
    private final BySsrc<SrtpCryptoContext> rtp = new BySsrc<>();
    private final BySsrc<AesCmRtpContext> aesCmRtp = new BySsrc<>();
    private final BySsrc<SrtcpCryptoContext> rtcp = new BySsrc<>();

    private SrtpStream(SdesCrypto key, boolean sender) {
        this.key = key;
        this.sender = sender;
        this.aesCm = key.suite() != SrtpSuite.AEAD_AES_128_GCM;
        this.factory = new SrtpContextFactory(sender, key.masterKey(), key.masterSalt(), policy(key.suite(), false),
                policy(key.suite(), true), LOG);
    }

    /** Protects what we send to a leg with our key {@code key}. */
    public static SrtpStream protect(SdesCrypto key) {
        return new SrtpStream(key, true);
    }

    /** Verifies and decrypts what a leg sends us under its key {@code key}. */
    public static SrtpStream unprotect(SdesCrypto key) {
        return new SrtpStream(key, false);
    }

    public SdesCrypto key() {
        return key;
    }

    static SrtpPolicy policy(SrtpSuite suite, boolean rtcpPolicy) {
        int tag = rtcpPolicy ? suite.rtcpTagLength() : suite.rtpTagLength();
        SrtpPolicy policy = suite == SrtpSuite.AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, suite.keyLength(), SrtpPolicy.NULL_AUTHENTICATION, 0,
                        tag, suite.saltLength())
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, suite.keyLength(), SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                        tag, suite.saltLength());
        return policy;
    }

    /**
     * Transforms the RTP packet in {@code packet} (offset 0, its length) in place.
     *
     * @return {@link Result#OK} with the new length in {@code packet}, or why the packet must be dropped
     */
    Result transformRtp(PacketBuffer packet, int ssrc) {
        if (aesCm) {
            return transformAesCmRtp(packet, ssrc);
        }
        SrtpCryptoContext kept = rtp.get(ssrc);
        try {
            SrtpCryptoContext context = kept != null ? kept : factory.deriveContext(ssrc, 0);
            SrtpErrorStatus status = sender ? context.transformPacket(packet) : context.reverseTransformPacket(packet, false);
            return rtp.keepIfOk(kept, ssrc, context, map(status));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Result.MALFORMED;
        }
    }

    private Result transformAesCmRtp(PacketBuffer packet, int ssrc) {
        AesCmRtpContext kept = aesCmRtp.get(ssrc);
        try {
            AesCmRtpContext context = kept != null ? kept : new AesCmRtpContext(sender, key.masterKey(),
                    key.masterSalt(), key.suite().rtpTagLength(), packet.getBuffer().length);
            return aesCmRtp.keepIfOk(kept, ssrc, context, sender ? context.protect(packet) : context.unprotect(packet));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Result.MALFORMED;
        }
    }

    /** As {@link #transformRtp} for an RTCP compound packet. */
    Result transformRtcp(PacketBuffer packet, int ssrc) {
        SrtcpCryptoContext kept = rtcp.get(ssrc);
        try {
            SrtcpCryptoContext context = kept != null ? kept : factory.deriveControlContext(ssrc);
            SrtpErrorStatus status = sender ? context.transformPacket(packet) : context.reverseTransformPacket(packet);
            return rtcp.keepIfOk(kept, ssrc, context, map(status));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Result.MALFORMED;
        }
    }

    /**
     * The crypto contexts of one kind by SSRC, at most {@link #MAX_SSRCS}, the oldest replaced; a new
     * context is kept only once a packet went through it ({@link #keepIfOk}).
     */
    private static final class BySsrc<T> {
        private final int[] ssrcs = new int[MAX_SSRCS];
        private final Object[] contexts = new Object[MAX_SSRCS];
        private int next;

        @SuppressWarnings("unchecked")
        T get(int ssrc) {
            for (int i = 0; i < MAX_SSRCS; i++) {
                if (contexts[i] != null && ssrcs[i] == ssrc) {
                    return (T) contexts[i];
                }
            }
            return null;
        }

        /** Keeps {@code context} for {@code ssrc} when it is new ({@code kept} null) and {@code result} is OK. */
        Result keepIfOk(T kept, int ssrc, T context, Result result) {
            if (kept == null && result == Result.OK) {
                int at = next++ % MAX_SSRCS;
                ssrcs[at] = ssrc;
                contexts[at] = context;
            }
            return result;
        }

        void clear() {
            java.util.Arrays.fill(contexts, null);
        }
    }

    private static Result map(SrtpErrorStatus status) {
        return switch (status) {
            case OK -> Result.OK;
            case AUTH_FAIL -> Result.AUTH_FAILED;
            case REPLAY_FAIL, REPLAY_OLD -> Result.REPLAYED;
            default -> Result.MALFORMED;
        };
    }

    @Override
    public void close() {
        rtp.clear();
        aesCmRtp.clear();
        rtcp.clear();
        factory.close();
    }
}
