package io.softswitch.core.http;

import io.softswitch.sip.SipTls;
import io.softswitch.sip.TlsIdentity;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API's HTTPS listener on Jetty: HTTP/2 or HTTP/1.1 chosen by ALPN (RFC 7301; HTTP/1.1 for
 * clients that offer none), the same protocols and forward-secret AEAD suites as SIP over TLS
 * ({@link SipTls#PROTOCOLS}, {@link SipTls#CIPHER_SUITES}: all acceptable to HTTP/2, RFC 9113
 * section 9.2.2), no renegotiation. The certificate is held in memory and can be swapped without a
 * restart ({@link #reload}): new handshakes get the new one, open connections keep theirs.
 */
final class HttpsConnector {
    private static final String ALIAS = "api";

    private final SslContextFactory.Server ssl;
    private final char[] password;

    HttpsConnector(TlsIdentity identity) {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        password = Base64.getEncoder().encodeToString(random).toCharArray(); // guards nothing on disk
        ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore(identity));
        ssl.setKeyStorePassword(new String(password));
        ssl.setKeyManagerPassword(new String(password));
        ssl.setIncludeProtocols(SipTls.PROTOCOLS.toArray(String[]::new));
        ssl.setIncludeCipherSuites(SipTls.CIPHER_SUITES.toArray(String[]::new));
        ssl.setRenegotiationAllowed(false);
        ssl.setUseCipherSuitesOrder(true);
    }

    /** The connector for {@code host:port}; {@code base} is Javalin's configuration (copied, not changed). */
    ServerConnector connector(Server server, HttpConfiguration base, String host, int port) {
        HttpConfiguration https = new HttpConfiguration(base);
        https.setSecureScheme("https");
        https.addCustomizer(new SecureRequestCustomizer());
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
        // No protocol list: ALPN offers those of the factories after it, each under all its names
        // ("h2"; "http/1.1" for HTTP/1.1, whose factory is named "HTTP/1.1", which no client sends).
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2,
                http1);
        c.setHost(host);
        c.setPort(port);
        return c;
    }

    /** Presents {@code identity} on new connections. */
    void reload(TlsIdentity identity) throws IOException {
        KeyStore ks = keyStore(identity);
        try {
            ssl.reload(f -> f.setKeyStore(ks));
        } catch (Exception e) {
            throw new IOException("HTTPS certificate not reloaded: " + e.getMessage(), e);
        }
    }

    private KeyStore keyStore(TlsIdentity identity) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, identity.key(), password, identity.chain().toArray(Certificate[]::new));
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("identity: " + e.getMessage() + " (expected: a key and its chain)", e);
        }
    }
}
