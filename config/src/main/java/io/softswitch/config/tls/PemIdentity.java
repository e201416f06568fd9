package io.softswitch.config.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A TLS identity read from PEM: a private key (PKCS#8 {@code PRIVATE KEY}, PKCS#1
 * {@code RSA PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY}; not encrypted) and its certificate
 * chain, leaf first. {@link #read} checks that the key is the leaf's.
 */
public record PemIdentity(PrivateKey key, List<X509Certificate> chain) {
    public PemIdentity {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: [] (expected: at least the leaf certificate)");
        }
    }

    /** Reads and checks a certificate chain file and its private key file. */
    public static PemIdentity read(Path certificate, Path privateKey) throws PemException {
        List<X509Certificate> chain = certificates(certificate);
        PrivateKey key = privateKey(privateKey);
        PemIdentity identity = new PemIdentity(key, chain);
        if (!identity.keyMatches()) {
            throw new PemException(privateKey + " is not the private key of the first certificate in " + certificate
                    + " (" + identity.leaf().getSubjectX500Principal().getName() + ")");
        }
        return identity;
    }

    /** The certificates of a PEM file (a chain or a CA bundle), at least one. */
    public static List<X509Certificate> certificates(Path file) throws PemException {
        byte[] bytes = readable(file);
        if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new PemException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new PemException(file + " is not a PEM certificate: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new PemException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The private key of a PEM file. */
    public static PrivateKey privateKey(Path file) throws PemException {
        byte[] bytes = readable(file);
        try (Reader r = new java.io.StringReader(new String(bytes, StandardCharsets.US_ASCII));
                PEMParser parser = new PEMParser(r)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PemException(file + " is not a PEM private key: " + e.getMessage());
        }
        throw new PemException(file + " holds no unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY"
                + " or EC PRIVATE KEY)");
    }

    private static byte[] readable(Path file) throws PemException {
        try {
            if (Files.size(file) > 1 << 20) {
                throw new PemException(file + " is larger than 1 MiB");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PemException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** When the leaf certificate expires. */
    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** SHA-256 of the leaf certificate, as upper-case hex pairs joined by colons (OpenSSL's form). */
    public String sha256Fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(leaf().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean keyMatches() {
        String algorithm = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "ED25519" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equalsIgnoreCase(leaf().getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] sig = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(leaf().getPublicKey());
            verify.update(probe);
            return verify.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
