package io.softswitch.media.internal.srtp;

import io.softswitch.media.SrtpSuite;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * One SDES {@code a=crypto} attribute (RFC 4568 section 9.1) restricted to what the relay accepts:
 *
 * <pre>
 * a=crypto:&lt;tag&gt; &lt;crypto-suite&gt; inline:&lt;key||salt base64&gt;[|&lt;lifetime&gt;]
 * </pre>
 *
 * No MKI ({@code |<mki>:<length>}), a single key parameter and no session parameters
 * ({@code UNENCRYPTED_SRTP}, {@code KDR=} ...): an attribute with any of those is not acceptable and
 * {@link #parse} says why. The key material never appears in {@link #toString()}.
 *
 * @param tag the attribute's tag (1-999999999), which the answer echoes
 * @param suite the crypto suite
 * @param keyMaterial master key then master salt ({@link SrtpSuite#keyMaterialLength()} bytes)
 */
public record SdesCrypto(int tag, SrtpSuite suite, byte[] keyMaterial) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public SdesCrypto {
        if (keyMaterial.length != suite.keyMaterialLength()) {
            throw new IllegalArgumentException("keyMaterial: " + keyMaterial.length + " bytes (expected: "
                    + suite.keyMaterialLength() + " for " + suite + ")");
        }
        keyMaterial = keyMaterial.clone();
    }

    /** A fresh key for {@code suite} from the CSPRNG. */
    public static SdesCrypto generate(int tag, SrtpSuite suite) {
        byte[] material = new byte[suite.keyMaterialLength()];
        RANDOM.nextBytes(material);
        return new SdesCrypto(tag, suite, material);
    }

    public byte[] masterKey() {
        return Arrays.copyOfRange(keyMaterial, 0, suite.keyLength());
    }

    public byte[] masterSalt() {
        return Arrays.copyOfRange(keyMaterial, suite.keyLength(), keyMaterial.length);
    }

    @Override
    public byte[] keyMaterial() {
        return keyMaterial.clone();
    }

    /** The same key under another tag (an answer echoes the offer's tag). */
    public SdesCrypto withTag(int newTag) {
        return new SdesCrypto(newTag, suite, keyMaterial);
    }

    /** True when both carry the same suite and key (a re-offer that keeps its keys). */
    public boolean sameKey(SdesCrypto other) {
        return other != null && suite == other.suite && Arrays.equals(keyMaterial, other.keyMaterial);
    }

    /** The SDP line, {@code a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:...}. */
    public String toSdpLine() {
        return "a=crypto:" + tag + " " + suite.sdpName() + " inline:" + Base64.getEncoder().encodeToString(keyMaterial);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SdesCrypto c && c.tag == tag && sameKey(c);
    }

    @Override
    public int hashCode() {
        return tag * 31 + suite.hashCode();
    }

    @Override
    public String toString() {
        return "SdesCrypto[tag=" + tag + ", suite=" + suite + "]";
    }

    /** What {@link #parse} found: a usable attribute, or why the line cannot be used. */
    public sealed interface Parsed {
    }

    /** A usable attribute. */
    public record Usable(SdesCrypto crypto) implements Parsed {
    }

    /** Not usable; {@code reason} names the field, never the key. */
    public record Unusable(String reason) implements Parsed {
    }

    /**
     * Parses one {@code a=crypto:} line.
     *
     * @param line the whole SDP line, starting {@code a=crypto:}
     */
    public static Parsed parse(String line) {
        String value = line.substring("a=crypto:".length()).trim();
        String[] f = value.split("\\s+");
        if (f.length < 3) {
            return new Unusable("a=crypto: '" + f[0] + "' has " + f.length
                    + " fields (expected: <tag> <suite> <key-params>, RFC 4568 section 9.1)");
        }
        int tag;
        if (!f[0].matches("\\d{1,9}")) {
            return new Unusable("a=crypto: tag '" + abbreviate(f[0]) + "' (expected: 1-9 digits)");
        }
        tag = Integer.parseInt(f[0]);
        Optional<SrtpSuite> suite = SrtpSuite.ofSdpName(f[1]);
        if (suite.isEmpty()) {
            return new Unusable("a=crypto:" + tag + " suite " + abbreviate(f[1]) + " (expected: one of "
                    + Arrays.toString(SrtpSuite.values()) + ")");
        }
        if (f.length > 3) {
            return new Unusable("a=crypto:" + tag + " has session parameters (expected: none)");
        }
        if (f[2].indexOf(';') >= 0) {
            return new Unusable("a=crypto:" + tag + " has several keys (expected: one inline key)");
        }
        if (!f[2].startsWith("inline:")) {
            return new Unusable("a=crypto:" + tag + " key method (expected: inline:)");
        }
        String[] keyParts = f[2].substring("inline:".length()).split("\\|", -1);
        if (keyParts.length > 2) {
            return new Unusable("a=crypto:" + tag + " has an MKI (expected: none, the relay does not use MKIs)");
        }
        if (keyParts.length == 2 && keyParts[1].contains(":")) {
            return new Unusable("a=crypto:" + tag + " has an MKI (expected: none, the relay does not use MKIs)");
        }
        byte[] material;
        try {
            material = Base64.getDecoder().decode(keyParts[0]);
        } catch (IllegalArgumentException e) {
            return new Unusable("a=crypto:" + tag + " key is not base64");
        }
        if (material.length != suite.get().keyMaterialLength()) {
            return new Unusable("a=crypto:" + tag + " key is " + material.length + " bytes (expected: "
                    + suite.get().keyMaterialLength() + " for " + suite.get() + ")");
        }
        Arrays.fill(keyParts, null);
        return new Usable(new SdesCrypto(tag, suite.get(), material));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
