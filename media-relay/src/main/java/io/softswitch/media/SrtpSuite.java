package io.softswitch.media;

import java.util.Optional;

/**
 * The SRTP crypto suites the relay speaks with SDES keys (RFC 4568 section 6.2, RFC 7714 section
 * 14.2), in our order of preference. Key material on the wire is {@code key || salt}, base64 in
 * {@code a=crypto ... inline:}. A closed set: other suites in an offer are skipped.
 */
public enum SrtpSuite {
    /** RFC 4568 section 6.2.1: AES-128 counter mode, 80-bit HMAC-SHA1 tag (the default). */
    AES_CM_128_HMAC_SHA1_80(16, 14, 10, 10),
    /** RFC 4568 section 6.2.2: as above with a 32-bit SRTP tag; SRTCP keeps the 80-bit tag. */
    AES_CM_128_HMAC_SHA1_32(16, 14, 4, 10),
    /** RFC 7714 section 14.2: AES-128 GCM, 16-byte tag, 12-byte salt, no HMAC. */
    AEAD_AES_128_GCM(16, 12, 16, 16);

    private final int keyLength;
    private final int saltLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    SrtpSuite(int keyLength, int saltLength, int rtpTagLength, int rtcpTagLength) {
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
    }

    /** The suite's name in {@code a=crypto}, e.g. {@code AES_CM_128_HMAC_SHA1_80}. */
    public String sdpName() {
        return name();
    }

    /** Finds a suite by its {@code a=crypto} name (case-sensitive, as RFC 4568 registers them). */
    public static Optional<SrtpSuite> ofSdpName(String name) {
        for (SrtpSuite suite : values()) {
            if (suite.name().equals(name)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Length of the decoded {@code inline:} key parameter: master key then master salt. */
    public int keyMaterialLength() {
        return keyLength + saltLength;
    }

    /** Bytes an SRTP packet grows by (the authentication tag; no MKI). */
    public int rtpTagLength() {
        return rtpTagLength;
    }

    /** Bytes an SRTCP packet grows by: the E flag and index word plus the tag. */
    public int rtcpOverhead() {
        return 4 + rtcpTagLength;
    }

    /** Length of the SRTCP authentication tag. */
    public int rtcpTagLength() {
        return rtcpTagLength;
    }
}
