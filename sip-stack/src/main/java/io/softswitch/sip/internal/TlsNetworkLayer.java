package io.softswitch.sip.internal;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import io.softswitch.sip.SipTls;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * JAIN-SIP's {@code NETWORK_LAYER}: plain sockets as the stock layer makes them, TLS sockets from
 * our {@link TlsContexts} instead of key store files. Outbound TLS sockets check the peer's
 * certificate name against the host dialled (endpoint identification "HTTPS": DNS or IP subject
 * alternative names), which the stack never does, and send that name as SNI.
 *
 * <p>The stack makes this class by name, so its contexts are handed over by stack name
 * ({@link #prepare}) before the stack is created.
 */
public final class TlsNetworkLayer implements NetworkLayer {
    private static final Map<String, TlsContexts> PREPARED = new ConcurrentHashMap<>();

    private final NetworkLayer plain = DefaultNetworkLayer.SINGLETON;
    private volatile TlsContexts contexts;
    private volatile String stackName;

    static void prepare(String stackName, TlsContexts contexts) {
        PREPARED.put(stackName, contexts);
    }

    static void prepared(String stackName) {
        PREPARED.remove(stackName);
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
        stackName = stack.getStackName();
        contexts = PREPARED.get(stackName);
    }

    TlsContexts contexts() {
        return contexts;
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address) throws IOException {
        SSLServerSocket s = (SSLServerSocket) tls().listener(port, address).getServerSocketFactory()
                .createServerSocket(port, backlog, address);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(SipTls.PROTOCOLS.toArray(String[]::new));
        p.setCipherSuites(SipTls.CIPHER_SUITES.toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        s.setSSLParameters(p);
        return new HandshakeBoundServerSocket(s, tls().settings().handshakeTimeout(),
                () -> TlsRefusals.timedOut(stackName));
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress local) throws IOException {
        // The name we dialled, as the stack resolved it (no reverse lookup for an IP literal).
        String host = new InetSocketAddress(address, port).getHostString();
        Socket raw = new Socket();
        try {
            if (local != null) {
                raw.bind(new InetSocketAddress(local, 0));
            }
            raw.connect(new InetSocketAddress(address, port), (int) tls().settings().handshakeTimeout().toMillis());
            SSLSocket s = (SSLSocket) tls().client().getSocketFactory().createSocket(raw, host, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(SipTls.PROTOCOLS.toArray(String[]::new));
            p.setCipherSuites(SipTls.CIPHER_SUITES.toArray(String[]::new));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                p.setServerNames(List.of(new SNIHostName(host)));
            }
            s.setSSLParameters(p);
            return s;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private TlsContexts tls() throws IOException {
        TlsContexts c = contexts;
        if (c == null) {
            throw new IOException("TLS is not configured on this SIP stack");
        }
        return c;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        return plain.createServerSocket(port, backlog, address);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return plain.createSocket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local) throws IOException {
        return plain.createSocket(address, port, local);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
        return plain.createSocket(address, port, local, localPort);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return plain.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress local) throws SocketException {
        return plain.createDatagramSocket(port, local);
    }
}
