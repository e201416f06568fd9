package io.softswitch.sip.auth;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Answers a carrier's challenge with our configured credentials (RFC 3261 §22.2, RFC 7616). */
public final class DigestClient {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestClient() {
    }

    /**
     * The {@code Authorization}/{@code Proxy-Authorization} value answering {@code challenge}, or
     * null when the challenge cannot be answered (not Digest, unknown algorithm, no qop we speak).
     */
    public static String authorization(String challenge, String username, String password, String method, String uri) {
        DigestParams p = DigestParams.parse(challenge).orElse(null);
        if (p == null || p.get("nonce") == null) {
            return null;
        }
        DigestAlgorithm alg = DigestAlgorithm.fromToken(p.get("algorithm")).orElse(null);
        if (alg == null) {
            return null;
        }
        String realm = p.getOrDefault("realm", "");
        String nonce = p.get("nonce");
        String qopOffered = p.get("qop");
        boolean qop = qopOffered != null;
        if (qop && !qopOffered.toLowerCase(java.util.Locale.ROOT).matches("(^|.*[ ,])auth($|[ ,].*)")) {
            return null;
        }
        String ha1 = alg.ha1(username, realm, password);
        String ha2 = alg.hex(method + ":" + uri);
        String nc = "00000001";
        byte[] c = new byte[8];
        RANDOM.nextBytes(c);
        String cnonce = HexFormat.of().formatHex(c);
        String response = qop
                ? alg.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : alg.hex(ha1 + ":" + nonce + ":" + ha2);
        StringBuilder sb = new StringBuilder("Digest username=\"").append(username)
                .append("\", realm=\"").append(realm)
                .append("\", nonce=\"").append(nonce)
                .append("\", uri=\"").append(uri)
                .append("\", response=\"").append(response)
                .append("\", algorithm=").append(alg.token());
        if (qop) {
            sb.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        if (p.get("opaque") != null) {
            sb.append(", opaque=\"").append(p.get("opaque")).append('"');
        }
        return sb.toString();
    }
}
