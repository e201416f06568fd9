package io.softswitch.media.internal.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP crypto context of one SSRC for AES_CM_128_HMAC_SHA1_80 and _32 (RFC 3711, RFC 4568
 * section 6.2.1), RTP only: the relay's per-packet path, replacing jitsi-srtp's context for these
 * suites because it costs less per packet (bench/media/RESULTS.md, SRTP per-packet cost): the AES
 * key schedule and the HMAC pads are set once per context, the AES-CM keystream of a packet comes
 * from one AES-ECB call over its counter blocks, and nothing is allocated per packet. Its rules for
 * the index, the rollover counter and the replay window are jitsi-srtp's {@code SrtpCryptoContext}
 * (a 64-packet window; the sender also refuses an index it already sent), so a packet is accepted,
 * dropped and counted exactly as before; AesCmSrtpDifferentialTest holds the two together and
 * SrtpKnownAnswerTest holds the bytes to libsrtp2's. GCM and SRTCP stay with jitsi-srtp.
 * Confined to the session's event loop.
 */
final class AesCmRtpContext {
    /** jitsi-srtp's REPLAY_WINDOW_SIZE. */
    private static final int REPLAY_WINDOW = 64;
    private static final int BLOCK = 16;
    private static final int FIXED_HEADER = 12;
    /** RFC 3711 section 4.3.2: key derivation labels for SRTP. */
    private static final byte LABEL_ENCRYPTION = 0;
    private static final byte LABEL_AUTH = 1;
    private static final byte LABEL_SALT = 2;

    private final boolean sender;
    private final int tagLength;
    private final Cipher aes;
    /** HMAC-SHA1 (RFC 2104) by hand: javax.crypto.Mac.doFinal(byte[], int) allocates its result per call. */
    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[64];
    private final byte[] outerPad = new byte[64];
    private final byte[] salt = new byte[14];
    private final byte[] counters;
    private final byte[] keystream;
    private final byte[] roc4 = new byte[4];
    private final byte[] tag = new byte[20];

    private int roc;
    private int guessedRoc;
    /** RFC 3711 section 3.3.1: s_l, the highest sequence number accepted (receiver) or sent. */
    private int highest;
    private boolean highestSet;
    private long replayWindow;

    /**
     * @param maxPacket the largest packet the context will transform, the tag included
     */
    AesCmRtpContext(boolean sender, byte[] masterKey, byte[] masterSalt, int tagLength, int maxPacket)
            throws GeneralSecurityException {
        if (masterKey.length != 16 || masterSalt.length != 14) {
            throw new IllegalArgumentException("aes-cm: key " + masterKey.length + ", salt " + masterSalt.length
                    + " bytes (expected: 16, 14)");
        }
        this.sender = sender;
        this.tagLength = tagLength;
        int blocks = (maxPacket + BLOCK - 1) / BLOCK;
        this.counters = new byte[blocks * BLOCK];
        this.keystream = new byte[blocks * BLOCK];
        byte[] sessionKey = new byte[16];
        byte[] authKey = new byte[20];
        Cipher kdf = Cipher.getInstance("AES/ECB/NoPadding");
        kdf.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
        derive(kdf, masterSalt, LABEL_ENCRYPTION, sessionKey);
        derive(kdf, masterSalt, LABEL_AUTH, authKey);
        derive(kdf, masterSalt, LABEL_SALT, salt);
        this.aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"));
        this.sha1 = MessageDigest.getInstance("SHA-1");
        for (int i = 0; i < 64; i++) {
            byte k = i < authKey.length ? authKey[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5C);
        }
        Arrays.fill(sessionKey, (byte) 0);
        Arrays.fill(authKey, (byte) 0);
    }

    /**
     * RFC 3711 section 4.3.1 with a key derivation rate of 0 (SDES without session parameters, the
     * only kind we accept: SdesCrypto): x = (label << 48) XOR master salt,
     * the session key is AES-CM(master key, x * 2^16).
     */
    private static void derive(Cipher kdf, byte[] masterSalt, byte label, byte[] out) throws GeneralSecurityException {
        int blocks = (out.length + BLOCK - 1) / BLOCK;
        byte[] in = new byte[blocks * BLOCK];
        for (int b = 0; b < blocks; b++) {
            System.arraycopy(masterSalt, 0, in, b * BLOCK, 14);
            in[b * BLOCK + 7] ^= label;
            in[b * BLOCK + 15] = (byte) b;
        }
        byte[] stream = kdf.doFinal(in);
        System.arraycopy(stream, 0, out, 0, out.length);
    }

    /**
     * Protects the RTP packet in {@code p} in place: encrypts its payload, appends the tag (RFC 3711
     * section 3.3). The caller has checked the RTP header (version, length of CSRCs and extension).
     */
    SrtpStream.Result protect(PacketBuffer p) throws GeneralSecurityException {
        if (!sender) {
            throw new IllegalStateException("aes-cm: protect with a receiving context");
        }
        byte[] buf = p.getBuffer();
        int off = p.getOffset();
        int length = p.getLength();
        int header = headerLength(buf, off, length);
        if (header < 0 || length + tagLength > buf.length - off || length > counters.length) {
            return SrtpStream.Result.MALFORMED;
        }
        int seq = seq(buf, off);
        if (!highestSet) {
            highestSet = true;
            highest = seq;
        }
        long index = guessIndex(seq);
        // jitsi-srtp: not replay protection but its consistency check, kept for identical behaviour
        SrtpStream.Result replay = checkReplay(index);
        if (replay != SrtpStream.Result.OK) {
            return replay;
        }
        crypt(buf, off, header, length, index);
        authenticate(buf, off, length);
        System.arraycopy(tag, 0, buf, off + length, tagLength);
        p.setLength(length + tagLength);
        update(seq, index);
        return SrtpStream.Result.OK;
    }

    /** Verifies, checks for replay and decrypts the SRTP packet in {@code p} in place (RFC 3711 section 3.3). */
    SrtpStream.Result unprotect(PacketBuffer p) throws GeneralSecurityException {
        if (sender) {
            throw new IllegalStateException("aes-cm: unprotect with a sending context");
        }
        byte[] buf = p.getBuffer();
        int off = p.getOffset();
        int length = p.getLength() - tagLength;
        int header = headerLength(buf, off, length);
        if (header < 0 || length > counters.length) {
            return SrtpStream.Result.MALFORMED;
        }
        int seq = seq(buf, off);
        boolean justSet = false;
        if (!highestSet) {
            highestSet = true;
            highest = seq;
            justSet = true;
        }
        long index = guessIndex(seq);
        SrtpStream.Result result = checkReplay(index);
        if (result == SrtpStream.Result.OK) {
            authenticate(buf, off, length);
            int differ = 0; // constant time
            for (int i = 0; i < tagLength; i++) {
                differ |= tag[i] ^ buf[off + length + i];
            }
            if (differ == 0) {
                p.setLength(length);
                crypt(buf, off, header, length, index);
                update(seq, index);
            } else {
                result = SrtpStream.Result.AUTH_FAILED;
            }
        }
        if (result != SrtpStream.Result.OK && justSet) {
            // an unauthenticated packet must not set the state
            highestSet = false;
            highest = 0;
        }
        return result;
    }

    /**
     * The RTP header's length with CSRCs and extension (RFC 3550 section 5.1, 5.3.1), or -1 when
     * {@code length} does not hold it: jitsi-srtp's SrtpPacketUtils.validatePacketLength.
     */
    private static int headerLength(byte[] buf, int off, int length) {
        if (length < FIXED_HEADER) {
            return -1;
        }
        int header = FIXED_HEADER + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (length < header + 4) {
                return -1;
            }
            header += 4 + 4 * (((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF));
        }
        return length < header ? -1 : header;
    }

    private static int seq(byte[] buf, int off) {
        return ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    }

    /** RFC 3711 section 3.3.1 and appendix A: the index from the sequence number, guessing v (the ROC). */
    private long guessIndex(int seq) {
        if (highest < 32_768) {
            guessedRoc = seq - highest > 32_768 ? roc - 1 : roc;
        } else {
            guessedRoc = highest - 32_768 > seq ? roc + 1 : roc;
        }
        return ((long) guessedRoc << 16) | seq;
    }

    /** RFC 3711 section 3.3.2, with jitsi-srtp's 64-packet window. */
    private SrtpStream.Result checkReplay(long index) {
        long delta = index - (((long) roc << 16) | highest);
        if (delta > 0) {
            return SrtpStream.Result.OK;
        }
        if (-delta >= REPLAY_WINDOW || ((replayWindow >>> -delta) & 1) != 0) {
            return SrtpStream.Result.REPLAYED;
        }
        return SrtpStream.Result.OK;
    }

    private void update(int seq, long index) {
        long delta = index - (((long) roc << 16) | highest);
        if (delta >= REPLAY_WINDOW) {
            replayWindow = 1;
        } else if (delta > 0) {
            replayWindow = (replayWindow << delta) | 1;
        } else {
            replayWindow |= 1L << -delta;
        }
        if (guessedRoc == roc) {
            if (seq > highest) {
                highest = seq;
            }
        } else if (guessedRoc == roc + 1) {
            highest = seq;
            roc = guessedRoc;
        }
    }

    /**
     * RFC 3711 section 4.1.1: XORs the payload with AES-CM keystream, IV = (salt * 2^16) XOR
     * (SSRC * 2^64) XOR (index * 2^16); the counter blocks of the whole payload are encrypted in one call.
     */
    private void crypt(byte[] buf, int off, int header, int length, long index) throws GeneralSecurityException {
        int payload = length - header;
        if (payload == 0) {
            return;
        }
        int bytes = (payload + BLOCK - 1) / BLOCK * BLOCK;
        System.arraycopy(salt, 0, counters, 0, 14);
        for (int i = 4; i < 8; i++) {
            counters[i] ^= buf[off + 8 + i - 4];
        }
        for (int i = 8; i < 14; i++) {
            counters[i] ^= (byte) (index >>> ((13 - i) * 8));
        }
        counters[14] = 0;
        counters[15] = 0;
        for (int b = BLOCK; b < bytes; b += BLOCK) {
            System.arraycopy(counters, 0, counters, b, 14);
            int block = b / BLOCK;
            counters[b + 14] = (byte) (block >>> 8);
            counters[b + 15] = (byte) block;
        }
        aes.update(counters, 0, bytes, keystream, 0);
        int start = off + header;
        for (int i = 0; i < payload; i++) {
            buf[start + i] ^= keystream[i];
        }
    }

    /**
     * RFC 3711 section 4.2.1: HMAC-SHA1 over the packet and the ROC into {@link #tag}; RFC 2104:
     * H((K ^ opad) || H((K ^ ipad) || packet || ROC)).
     */
    private void authenticate(byte[] buf, int off, int length) throws GeneralSecurityException {
        roc4[0] = (byte) (guessedRoc >>> 24);
        roc4[1] = (byte) (guessedRoc >>> 16);
        roc4[2] = (byte) (guessedRoc >>> 8);
        roc4[3] = (byte) guessedRoc;
        sha1.update(innerPad);
        sha1.update(buf, off, length);
        sha1.update(roc4);
        sha1.digest(tag, 0, 20);
        sha1.update(outerPad);
        sha1.update(tag, 0, 20);
        sha1.digest(tag, 0, 20);
    }
}
