package io.softswitch.core.http;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.softswitch.core.api.AdminActions;
import io.softswitch.core.api.ApiProtection;
import io.softswitch.core.api.ApiRoutes;
import io.softswitch.core.call.LiveCalls;
import io.softswitch.core.console.Console;
import io.softswitch.core.daemon.Readiness;
import io.softswitch.core.metrics.SoftswitchMetrics;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.sip.TlsIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The daemon's HTTP listener (Javalin on Jetty): {@code GET /health}, {@code GET /ready} and
 * {@code GET /metrics}, and the REST API ({@link ApiRoutes}). Binds to the configured address, 127.0.0.1 by default;
 * plain HTTP, or HTTPS with HTTP/2 ({@link HttpsConnector}).
 */
public final class HttpServer implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Javalin app;
    private final HttpsConnector https;

    private HttpServer(Javalin app, HttpsConnector https) {
        this.app = app;
        this.https = https;
    }

    public static HttpServer start(String host, int port, Readiness readiness, SoftswitchMetrics metrics,
            ProvisioningStore provisioning, AdminActions admin) throws IOException {
        return start(host, port, readiness, metrics, provisioning, admin, ApiProtection.defaults());
    }

    /** The server with the daemon's API defences (issue 22). */
    public static HttpServer start(String host, int port, Readiness readiness, SoftswitchMetrics metrics,
            ProvisioningStore provisioning, AdminActions admin, ApiProtection protection) throws IOException {
        return start(host, port, readiness, metrics, provisioning, admin, protection, null);
    }

    /** The server with the web console under {@code /console/} (issue 20) when {@code console} is not null. */
    public static HttpServer start(String host, int port, Readiness readiness, SoftswitchMetrics metrics,
            ProvisioningStore provisioning, AdminActions admin, ApiProtection protection, Console console)
            throws IOException {
        return start(host, port, Optional.empty(), readiness, metrics, provisioning, admin, protection, console, null,
                new LiveCalls(), null);
    }

    /**
     * The server over HTTPS (HTTP/2 and HTTP/1.1) presenting {@code tls} when present, else plain HTTP;
     * its API serves the audio of {@code recordings} (null: recordings' rows only), the live state of
     * {@code liveCalls}, and {@code POST Calls.json} through {@code calls} (issue 19) when it is not null.
     */
    public static HttpServer start(String host, int port, Optional<TlsIdentity> tls, Readiness readiness,
            SoftswitchMetrics metrics, ProvisioningStore provisioning, AdminActions admin, ApiProtection protection,
            Console console, io.softswitch.core.recording.Recordings recordings, LiveCalls liveCalls,
            io.softswitch.core.api.CallMaker calls) throws IOException {
        HttpsConnector https = tls.map(HttpsConnector::new).orElse(null);
        Javalin app = Javalin.create(cfg -> {
            if (https != null) {
                cfg.jetty.addConnector((server, base) -> https.connector(server, base, host, port));
            }
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.useVirtualThreads = false;
            cfg.http.defaultContentType = "application/json";
            cfg.http.maxRequestSize = ApiRoutes.MAX_BODY_BYTES;
            cfg.jetty.modifyServer(server -> server.setStopTimeout(2000));
            if (console != null) {
                cfg.staticFiles.enableWebjars();
            }
        });
        app.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"up\"}"));
        app.get("/ready", ctx -> {
            Readiness.Report report = readiness.report();
            ctx.status(report.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                    .contentType("application/json")
                    .result(report.toJson());
        });
        app.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));
        if (console != null) {
            console.mount(app); // before the API: its session bridge runs ahead of the API's authentication
        }
        ApiRoutes.mountAdmin(app, provisioning, admin, protection);
        ApiRoutes.mount(app, provisioning, protection, recordings, liveCalls, calls);
        app.exception(NotFoundResponse.class, (e, ctx) -> ApiRoutes.unmatched(app, ctx));
        app.error(HttpStatus.NOT_FOUND, ctx -> {
            if (ctx.result() == null) {
                ApiRoutes.unmatched(app, ctx);
            }
        });
        String taken = bindProblem(host, port);
        if (taken != null) {
            // Checked before Javalin tries, which would log its own stack traces for the same failure.
            throw new IOException("cannot listen on http " + host + ":" + port + ": " + taken);
        }
        try {
            if (https != null) {
                app.start(); // on its own connector
            } else {
                app.start(host, port);
            }
        } catch (Exception e) { // lost a race for the port; Javalin rethrows Jetty's checked exceptions unchecked
            String why = bindProblem(host, port);
            throw new IOException("cannot listen on http " + host + ":" + port + ": " + (why == null ? reason(e) : why), e);
        }
        return new HttpServer(app, https);
    }

    /**
     * Why {@code host:port} cannot be listened on (e.g. "Address already in use"), or null when it
     * can: the system's answer to a bind of our own, which Javalin's failure does not carry.
     */
    private static String bindProblem(String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException bind) {
            return bind.getMessage();
        }
    }

    /** The root cause's message. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(app.jettyServer().server().getURI().getHost(), app.port());
    }

    /** "https" or "http". */
    public String scheme() {
        return https != null ? "https" : "http";
    }

    /** New HTTPS connections present {@code identity}; open ones keep theirs. */
    public void reloadTls(TlsIdentity identity) throws IOException {
        if (https == null) {
            throw new IllegalStateException("reloadTls: plain HTTP (expected: an HTTPS server)");
        }
        https.reload(identity);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
