package io.softswitch.core.tls;

import io.softswitch.config.CertificateFiles;
import io.softswitch.config.ListenAddress;
import io.softswitch.config.ListenerTls;
import io.softswitch.config.SipConfig;
import io.softswitch.config.tls.PemException;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipTls;
import io.softswitch.sip.TlsIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the SIP TLS certificates come from: the PEM files of each tls listener (or the self-signed
 * default under the data dir), the client CAs, the trusted CAs and the client certificate of
 * {@code sip.tls}. {@link #read} loads them all; called again on reload.
 *
 * @param listeners files of each tls listener, by its binding
 * @param clientCa  CA bundle for client certificates (the same on every tls listener)
 * @param trustedCa CA bundle for outbound peers; empty = system trust store
 * @param client    client certificate for outbound TLS
 * @param handshakeTimeout bound of every handshake
 */
public record SipTlsFiles(Map<SipBinding, CertificateFiles> listeners, Optional<Path> clientCa,
        Optional<Path> trustedCa, Optional<CertificateFiles> client, Duration handshakeTimeout) {

    /**
     * The files {@code sip} names; listeners without certificate get the self-signed default under
     * {@code dataDir} (made for {@code selfSignedNames}, see {@link SelfSignedDefault#names}).
     */
    public static SipTlsFiles of(SipConfig sip, Path dataDir, List<String> selfSignedNames,
            Function<ListenAddress, SipBinding> binding) throws IOException {
        Map<SipBinding, CertificateFiles> listeners = new LinkedHashMap<>();
        Optional<Path> clientCa = Optional.empty();
        for (ListenAddress a : sip.listen()) {
            if (a.tls().isEmpty()) {
                continue;
            }
            ListenerTls t = a.tls().get();
            CertificateFiles files = t.identity().isPresent() ? t.identity().get()
                    : SelfSignedDefault.ensure(dataDir, selfSignedNames);
            listeners.put(binding.apply(a), files);
            clientCa = t.clientCa();
        }
        return new SipTlsFiles(listeners, clientCa, sip.tls().trustedCa(), sip.tls().clientIdentity(),
                Duration.ofMillis(sip.tls().handshakeTimeoutMs()));
    }

    /** Reads every file into the SIP endpoint's settings. */
    public SipTls read() throws IOException {
        Map<SipBinding, TlsIdentity> ids = new LinkedHashMap<>();
        for (Map.Entry<SipBinding, CertificateFiles> e : listeners.entrySet()) {
            ids.put(e.getKey(), identity(e.getValue()));
        }
        Optional<TlsIdentity> clientId = client.isPresent() ? Optional.of(identity(client.get())) : Optional.empty();
        return new SipTls(ids, cas(clientCa), cas(trustedCa), clientId, handshakeTimeout);
    }

    /** The certificates each listener and the client present, by expiry label. */
    public static Map<String, X509Certificate> presented(SipTls tls) {
        Map<String, X509Certificate> out = new LinkedHashMap<>();
        tls.listeners().forEach((binding, id) -> out.put(binding.toString(), id.chain().get(0)));
        tls.client().ifPresent(id -> out.put("client", id.chain().get(0)));
        return out;
    }

    /** These files as the SIP endpoint's certificates for {@link TlsCertificateWatch}. */
    public WatchedCertificates watched(SipEndpoint sip) {
        return new WatchedCertificates() {
            @Override
            public List<Path> files() {
                return SipTlsFiles.this.files();
            }

            @Override
            public Map<String, X509Certificate> reload() throws IOException {
                SipTls fresh = read();
                sip.reloadTls(fresh); // certificates and CA bundles
                return presented(fresh);
            }
        };
    }

    /** A certificate and key read from PEM files (a problem as an IOException naming the file). */
    public static TlsIdentity identity(CertificateFiles f) throws IOException {
        try {
            PemIdentity id = PemIdentity.read(f.certificate(), f.privateKey());
            return new TlsIdentity(id.key(), id.chain());
        } catch (PemException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static List<X509Certificate> cas(Optional<Path> file) throws IOException {
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            return PemIdentity.certificates(file.get());
        } catch (PemException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Every file read, for change detection. */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        listeners.values().forEach(f -> out.addAll(List.of(f.certificate(), f.privateKey())));
        client.ifPresent(f -> out.addAll(List.of(f.certificate(), f.privateKey())));
        clientCa.ifPresent(out::add);
        trustedCa.ifPresent(out::add);
        return out;
    }
}
