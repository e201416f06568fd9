package io.softswitch.core.tls;

import io.softswitch.config.CertificateFiles;
import io.softswitch.sip.TlsIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * A listener's certificates as {@link TlsCertificateWatch} keeps them current: the files they come
 * from, and how to put a fresh read of them in use. Called from the watch's thread and from
 * {@code POST /admin/reload}; implementations swap atomically.
 */
public interface WatchedCertificates {
    /** Every file read, for change detection. */
    List<Path> files();

    /**
     * Reads the files and presents their certificates on new connections; the leaf certificates now
     * presented, by the {@code certificate} label of {@code tls_certificate_expiry_seconds}.
     *
     * @throws IOException a file does not load: nothing changed
     */
    Map<String, X509Certificate> reload() throws IOException;

    /** One listener presenting the certificate of {@code files}, labelled {@code label}, put in use by {@code install}. */
    static WatchedCertificates single(CertificateFiles files, String label, Install install) {
        return new WatchedCertificates() {
            @Override
            public List<Path> files() {
                return List.of(files.certificate(), files.privateKey());
            }

            @Override
            public Map<String, X509Certificate> reload() throws IOException {
                TlsIdentity id = SipTlsFiles.identity(files);
                install.install(id);
                return Map.of(label, id.chain().get(0));
            }
        };
    }

    /** Puts a certificate in use. */
    @FunctionalInterface
    interface Install {
        void install(TlsIdentity identity) throws IOException;
    }
}
