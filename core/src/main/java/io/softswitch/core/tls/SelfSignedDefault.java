package io.softswitch.core.tls;

import io.softswitch.config.CertificateFiles;
import io.softswitch.config.HttpConfig;
import io.softswitch.config.ListenAddress;
import io.softswitch.config.SipConfig;
import io.softswitch.config.tls.Certificates;
import io.softswitch.config.tls.PemException;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.core.store.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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

    /**
     * The names the self-signed certificate carries: {@code sip.advertised_host}, the SIP listeners'
     * and the HTTP listener's hosts (not wildcards), localhost. One certificate serves SIP and HTTPS.
     */
    public static List<String> names(SipConfig sip, HttpConfig http) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        if (!sip.advertisedHost().isBlank()) {
            names.add(sip.advertisedHost());
        }
        for (ListenAddress a : sip.listen()) {
            addHost(names, a.host());
        }
        addHost(names, http.host());
        names.add("localhost");
        return new ArrayList<>(names);
    }

    private static void addHost(Set<String> names, String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (!h.isEmpty() && !h.equals("0.0.0.0") && !h.equals("::") && !h.equals("[::]")) {
            names.add(host);
        }
    }

    /**
     * The files under {@code dataDir}, created for {@code names} when absent (an existing pair is
     * kept as it is, whatever names it carries).
     */
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
