package io.softswitch.sip.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager whose CA certificates can be replaced while its SSL context is in use (the
 * {@code client_ca} and {@code trusted_ca} bundles on reload): each check goes to the PKIX trust
 * manager of the CAs set last. An {@link X509ExtendedTrustManager} itself, so JSSE applies the
 * socket's endpoint identification (the host dialled) through the delegate, as without it.
 */
final class SwappableTrust extends X509ExtendedTrustManager {
    private final AtomicReference<X509ExtendedTrustManager> current = new AtomicReference<>();

    SwappableTrust(List<X509Certificate> cas) throws GeneralSecurityException, java.io.IOException {
        set(of(cas));
    }

    /** Trusts the CAs of {@code tm} (see {@link #of}) from now on. */
    void set(X509ExtendedTrustManager tm) {
        current.set(tm);
    }

    /** The PKIX trust manager of {@code cas}; empty = the JVM's system trust store. */
    static X509ExtendedTrustManager of(List<X509Certificate> cas) throws GeneralSecurityException, java.io.IOException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (cas.isEmpty()) {
            f.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca" + i, cas.get(i));
            }
            f.init(store);
        }
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        current.get().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        current.get().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        current.get().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        current.get().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current.get().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current.get().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return current.get().getAcceptedIssuers();
    }
}
