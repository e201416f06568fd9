package io.softswitch.core.tls;

import io.softswitch.config.CertificateFiles;
import io.softswitch.config.tls.Certificates;
import io.softswitch.config.tls.PemException;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.core.store.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate a tls listener presents when none is configured: made once, on first start,
 * under the data dir ({@code tls-cert.pem}, {@code tls-key.pem}, mode 0600; an EC P-256 key, valid
 * for {@link #VALIDITY}), its SHA-256 fingerprint printed once so PBXs can pin it.
 */
public final class SelfSignedDefault {
    public static final String CERTIFICATE = "tls-cert.pem";
    public static final String PRIVATE_KEY = "tls-key.pem";
    public static final Duration VALIDITY = Duration.ofDays(825);
    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedDefault.class);

    private SelfSignedDefault() {
    }

    /** The files under {@code dataDir}, created for {@code names} when absent. */
    public static CertificateFiles ensure(Path dataDir, List<String> names) throws IOException {
        Path cert = dataDir.resolve(CERTIFICATE);
        Path key = dataDir.resolve(PRIVATE_KEY);
        if (Files.exists(cert) && Files.exists(key)) {
            return new CertificateFiles(cert, key);
        }
        PemIdentity id = Certificates.selfSigned(Certificates.KeyType.EC_P256, names, VALIDITY);
        write(key, Certificates.privateKeyPem(id));
        write(cert, Certificates.certificatePem(id));
        try {
            PemIdentity.read(cert, key);
        } catch (PemException e) {
            throw new IOException("self-signed certificate written to " + cert + " cannot be read back: "
                    + e.getMessage(), e);
        }
        System.out.println("TLS certificate created (self-signed, for " + String.join(", ", names) + "): "
                + cert.toAbsolutePath() + " SHA-256 fingerprint " + id.sha256Fingerprint());
        LOG.info("self-signed TLS certificate created in {}: SHA-256 {}", cert, id.sha256Fingerprint());
        return new CertificateFiles(cert, key);
    }

    private static void write(Path file, String text) throws IOException {
        OwnerOnly.createFile(file);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }
}
