package io.softswitch.config.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes certificates: the daemon's self-signed default and, for tests, a CA and the leaves it
 * issues. Leaves carry the given names as DNS or IP subject alternative names and may be used for
 * both TLS server and client authentication.
 */
public final class Certificates {
    /** Key algorithm of a generated certificate. */
    public enum KeyType {
        EC_P256,
        RSA_2048
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    /** A self-signed leaf for {@code names} (the first is the subject's CN), valid from an hour ago. */
    public static PemIdentity selfSigned(KeyType type, List<String> names, Duration validity) {
        KeyPair pair = keyPair(type);
        X509Certificate cert = build(new X500Name("CN=" + names.get(0)), pair.getPrivate(), pair, names,
                false, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(validity));
        return new PemIdentity(pair.getPrivate(), List.of(cert));
    }

    /** A CA certificate (basic constraints CA=true) named {@code cn}. */
    public static PemIdentity authority(String cn, Duration validity) {
        KeyPair pair = keyPair(KeyType.EC_P256);
        X500Name name = new X500Name("CN=" + cn);
        X509Certificate cert = build(name, pair.getPrivate(), pair, List.of(), true,
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(validity));
        return new PemIdentity(pair.getPrivate(), List.of(cert));
    }

    /** A leaf for {@code names} issued by {@code ca}, valid from {@code from} until {@code until}. */
    public static PemIdentity issued(PemIdentity ca, KeyType type, List<String> names, Instant from, Instant until) {
        KeyPair pair = keyPair(type);
        X500Name issuer = X500Name.getInstance(ca.leaf().getSubjectX500Principal().getEncoded());
        X509Certificate cert = build(issuer, ca.key(), pair, names, false, from, until);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(ca.chain());
        return new PemIdentity(pair.getPrivate(), chain);
    }

    /** A leaf for {@code names} issued by {@code ca}, valid for {@code validity} from an hour ago. */
    public static PemIdentity issued(PemIdentity ca, KeyType type, List<String> names, Duration validity) {
        return issued(ca, type, names, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(validity));
    }

    /** The certificate chain as PEM. */
    public static String certificatePem(PemIdentity identity) {
        return pem(identity.chain().toArray());
    }

    /** The private key as PEM (PKCS#8 {@code PRIVATE KEY}). */
    public static String privateKeyPem(PemIdentity identity) {
        try {
            return pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(identity.key(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static KeyPair keyPair(KeyType type) {
        try {
            if (type == KeyType.RSA_2048) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048, RANDOM);
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(X500Name issuer, java.security.PrivateKey issuerKey,
            KeyPair pair, List<String> names, boolean ca, Instant from, Instant until) {
        X500Name subject = ca ? issuer : new X500Name("CN=" + (names.isEmpty() ? "softswitch" : names.get(0)));
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs(),
                    Date.from(from), Date.from(until), subject, pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                List<GeneralName> san = new ArrayList<>();
                for (String n : names) {
                    san.add(isIp(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
                }
                if (!san.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(san.toArray(GeneralName[]::new)));
                }
            }
            String alg = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            ContentSigner signer = new JcaContentSignerBuilder(alg).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (OperatorCreationException | IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isIp(String name) {
        if (!name.matches("[0-9.]+") && !name.contains(":")) {
            return false;
        }
        try {
            InetAddress.getByName(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
