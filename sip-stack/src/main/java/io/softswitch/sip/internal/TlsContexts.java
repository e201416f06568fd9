package io.softswitch.sip.internal;

import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipTls;
import io.softswitch.sip.TlsIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The SSL contexts of one stack: one per tls listener (its certificate, the client CAs) and one for
 * outbound connections (the trusted CAs, the optional client certificate). Certificates can be
 * swapped at run time ({@link #reload}); connections already open keep theirs.
 */
final class TlsContexts {
    private static final char[] NO_PASSWORD = new char[0];

    private final Map<SipBinding, Swappable> listenerKeys = new HashMap<>();
    private final Map<SipBinding, SSLContext> listeners = new HashMap<>();
    private final Swappable clientKey = new Swappable();
    private final SwappableTrust clientCheck;
    private final SwappableTrust peerCheck;
    private final SSLContext client;
    /** At start; after a reload, its certificates and CAs are the reloaded ones (the timeout stays). */
    private volatile SipTls settings;

    TlsContexts(SipTls tls) throws GeneralSecurityException, IOException {
        this.settings = tls;
        clientCheck = new SwappableTrust(tls.clientCas());
        for (Map.Entry<SipBinding, TlsIdentity> e : tls.listeners().entrySet()) {
            Swappable keys = new Swappable();
            keys.set(keyManager(e.getValue()));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[] {keys}, new TrustManager[] {clientCheck}, new SecureRandom());
            listenerKeys.put(e.getKey(), keys);
            listeners.put(e.getKey(), ctx);
        }
        tls.client().ifPresent(id -> clientKey.set(keyManagerUnchecked(id)));
        peerCheck = new SwappableTrust(tls.trustedCas());
        client = SSLContext.getInstance("TLS");
        client.init(new KeyManager[] {clientKey}, new TrustManager[] {peerCheck}, new SecureRandom());
    }

    SipTls settings() {
        return settings;
    }

    /** The context of the tls listener asked for on {@code port} of {@code address}. */
    SSLContext listener(int port, InetAddress address) throws IOException {
        SSLContext portOnly = null;
        for (Map.Entry<SipBinding, SSLContext> e : listeners.entrySet()) {
            SipBinding b = e.getKey();
            if (b.port() != port) {
                continue;
            }
            if (address == null || InetAddress.getByName(b.host()).equals(address)) {
                return e.getValue();
            }
            portOnly = e.getValue();
        }
        if (portOnly == null) {
            throw new IOException("no certificate configured for tls listener on port " + port);
        }
        return portOnly;
    }

    SSLContext client() {
        return client;
    }

    /**
     * New certificates for the listeners (by binding) and for outbound connections, and new CA
     * bundles (the listeners' client CAs, outbound peers' trusted CAs). Everything is built before
     * anything is swapped: a key, chain or CA that cannot be used changes nothing. Whether the
     * listeners ask for client certificates is fixed at start.
     */
    void reload(SipTls fresh) throws GeneralSecurityException, IOException {
        Map<SipBinding, X509ExtendedKeyManager> keys = new HashMap<>();
        for (Map.Entry<SipBinding, TlsIdentity> e : fresh.listeners().entrySet()) {
            if (listenerKeys.containsKey(e.getKey())) {
                keys.put(e.getKey(), keyManager(e.getValue()));
            }
        }
        X509ExtendedKeyManager clientKm = fresh.client().isPresent() ? keyManager(fresh.client().get()) : null;
        X509ExtendedTrustManager clients = SwappableTrust.of(fresh.clientCas());
        X509ExtendedTrustManager peers = SwappableTrust.of(fresh.trustedCas());
        keys.forEach((b, km) -> listenerKeys.get(b).set(km));
        clientKey.set(clientKm);
        clientCheck.set(clients);
        peerCheck.set(peers);
        settings = new SipTls(fresh.listeners(), fresh.clientCas(), fresh.trustedCas(), fresh.client(),
                settings.handshakeTimeout());
    }

    private static X509ExtendedKeyManager keyManagerUnchecked(TlsIdentity id) {
        try {
            return keyManager(id);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("unusable TLS identity: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedKeyManager keyManager(TlsIdentity id) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("identity", id.key(), NO_PASSWORD, id.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory f = KeyManagerFactory.getInstance("PKIX");
        f.init(store, NO_PASSWORD);
        for (KeyManager km : f.getKeyManagers()) {
            if (km instanceof X509ExtendedKeyManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 key manager");
    }

    /** A key manager whose key material can be replaced; with none it presents nothing. */
    private static final class Swappable extends X509ExtendedKeyManager {
        private final AtomicReference<X509ExtendedKeyManager> current = new AtomicReference<>();

        void set(X509ExtendedKeyManager km) {
            current.set(km);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            X509ExtendedKeyManager km = current.get();
            return km == null ? null : km.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            X509ExtendedKeyManager km = current.get();
            return km == null ? null : km.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            X509ExtendedKeyManager km = current.get();
            return km == null ? null : km.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            X509ExtendedKeyManager km = current.get();
            return km == null ? null : km.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            X509ExtendedKeyManager km = current.get();
            return km == null ? null : km.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            X509ExtendedKeyManager km = current.get();
            return km == null ? null : km.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            X509ExtendedKeyManager km = current.get();
            return km == null ? null : km.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            X509ExtendedKeyManager km = current.get();
            return km == null ? null : km.getPrivateKey(alias);
        }
    }
}
