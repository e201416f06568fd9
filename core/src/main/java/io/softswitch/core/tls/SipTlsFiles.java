package io.softswitch.core.tls;

import io.softswitch.config.CertificateFiles;
import io.softswitch.config.ListenAddress;
import io.softswitch.config.ListenerTls;
import io.softswitch.config.SipConfig;
import io.softswitch.config.tls.PemException;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipTls;
import io.softswitch.sip.TlsIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    /** The files {@code sip} names; listeners without certificate get the self-signed default. */
    public static SipTlsFiles of(SipConfig sip, Path dataDir, Function<ListenAddress, SipBinding> binding)
            throws IOException {
        Map<SipBinding, CertificateFiles> listeners = new LinkedHashMap<>();
        Optional<Path> clientCa = Optional.empty();
        for (ListenAddress a : sip.listen()) {
            if (a.tls().isEmpty()) {
                continue;
            }
            ListenerTls t = a.tls().get();
            CertificateFiles files = t.identity().isPresent() ? t.identity().get()
                    : SelfSignedDefault.ensure(dataDir, selfSignedNames(sip));
            listeners.put(binding.apply(a), files);
            clientCa = t.clientCa();
        }
        return new SipTlsFiles(listeners, clientCa, sip.tls().trustedCa(), sip.tls().clientIdentity(),
                Duration.ofMillis(sip.tls().handshakeTimeoutMs()));
    }

    /** The names a self-signed certificate carries: the listeners' and advertised hosts, localhost. */
    static List<String> selfSignedNames(SipConfig sip) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        if (!sip.advertisedHost().isBlank()) {
            names.add(sip.advertisedHost());
        }
        for (ListenAddress a : sip.listen()) {
            String h = a.host().trim().toLowerCase(Locale.ROOT);
            if (!h.isEmpty() && !h.equals("0.0.0.0") && !h.equals("::") && !h.equals("[::]")) {
                names.add(a.host());
            }
        }
        names.add("localhost");
        return new ArrayList<>(names);
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

    static TlsIdentity identity(CertificateFiles f) throws IOException {
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
