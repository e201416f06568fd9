package io.softswitch.core.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.softswitch.core.api.internal.Scopes;
import io.softswitch.core.call.CallEngine;
import io.softswitch.core.metrics.SoftswitchMetrics;
import io.softswitch.core.store.ProvisioningStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The web console under {@code /console/} (issue 20), mounted on the daemon's HTTP server before the
 * REST API. A signed-in browser also reaches the API itself with its session cookie: this class
 * authenticates such requests for the API (no Basic header, a live session, the session's CSRF
 * token in {@code X-CSRF-Token} for any write, and the admin role for writes), so console changes go
 * through the API's own handlers and rules; each such write is added to the audit log.
 *
 * <p>Cookies are HttpOnly and SameSite=Strict, and Secure when the request came over HTTPS
 * (directly or per {@code X-Forwarded-Proto}).
 */
public final class Console implements AutoCloseable {
    static final String SESSION_COOKIE = "ss_console";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SESSION = "softswitch.console.session";

    private final ConsoleUsers users;
    private final ProvisioningStore store;
    private final CallEngine engine;
    private final MetricsRing ring;
    private final CallTraffic traffic;
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final LoginThrottle throttle;
    private final ScheduledExecutorService sampler;

    /** {@code traffic} must be among the engine's call events (the per-trunk and per-carrier charts). */
    public Console(ProvisioningStore store, CallEngine engine, SoftswitchMetrics metrics, CallTraffic traffic) {
        this(store, engine, metrics, traffic, Clock.systemUTC());
    }

    Console(ProvisioningStore store, CallEngine engine, SoftswitchMetrics metrics, CallTraffic traffic, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.traffic = traffic;
        this.registry = metrics.registry();
        this.users = new ConsoleUsers(store.rows().jdbc());
        this.ring = new MetricsRing(metrics.registry(), clock);
        this.throttle = new LoginThrottle(clock);
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-metrics");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            ring.sample();
            traffic.sample(engine.liveCalls());
        }, 60, 60, TimeUnit.SECONDS);
    }

    public ConsoleUsers users() {
        return users;
    }

    /** Registers the console's routes and its API bridge; call before the API is mounted. */
    public void mount(Javalin app) {
        for (String prefix : List.of("/v1/*", "/2010-04-01/*")) {
            app.before(prefix, this::bridge);
            app.after(prefix, this::auditApiWrite);
        }
        app.before("/console/*", this::guard);
        app.get("/console", ctx -> ctx.redirect("/console/live"));
        app.get("/console/", ctx -> ctx.redirect("/console/live"));
        app.get("/console/static/{file}", Console::asset);
        new SignIn(users, throttle).register(app);
        new Pages(store, engine, ring, traffic, registry, users).register(app);
        new AccountPage(users).register(app);
    }

    /** Session of a console request, set by {@link #guard}. */
    static ConsoleUsers.Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    private ConsoleUsers.Session cookieSession(Context ctx) {
        return users.session(ctx.cookie(SESSION_COOKIE)).orElse(null);
    }

    /** API requests with a console session instead of Basic credentials. */
    private void bridge(Context ctx) {
        if (ctx.header("Authorization") != null || ctx.cookie(SESSION_COOKIE) == null) {
            return; // the API's own authentication answers
        }
        ConsoleUsers.Session s = cookieSession(ctx);
        if (s == null) {
            return;
        }
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            if (!csrfMatches(s, ctx.header(CSRF_HEADER))) {
                users.audit(s.user().username(), ctx.ip(), "refused (CSRF) " + ctx.method() + " " + ctx.path(), 403);
                throw new ForbiddenResponse("Forbidden: missing or wrong CSRF token");
            }
            if (!s.user().canWrite()) {
                users.audit(s.user().username(), ctx.ip(), "refused (viewer) " + ctx.method() + " " + ctx.path(), 403);
                throw new ForbiddenResponse("Forbidden: the viewer role is read-only");
            }
            ctx.attribute(SESSION, s);
        }
        String account = s.user().accountSid() == null ? store.mainAccountSid() : s.user().accountSid();
        ctx.attribute(Scopes.CALLER, new Scopes.Caller(account, s.user().accountSid() == null));
    }

    private void auditApiWrite(Context ctx) {
        ConsoleUsers.Session s = ctx.attribute(SESSION);
        if (s != null) {
            users.audit(s.user().username(), ctx.ip(), ctx.method() + " " + ctx.path(), ctx.statusCode());
        }
    }

    /** Console pages need a session; their writes a CSRF token and (except sign-out) the admin role. */
    private void guard(Context ctx) {
        String path = ctx.path();
        if (path.equals("/console/login") || path.startsWith("/console/static/")) {
            return;
        }
        ConsoleUsers.Session s = cookieSession(ctx);
        if (s == null) {
            if (ctx.method() != HandlerType.GET) {
                throw new ForbiddenResponse("Forbidden: not signed in");
            }
            if (ctx.header("HX-Request") != null) {
                ctx.header("HX-Redirect", "/console/login"); // a poll after the session ended: the whole page goes
                ctx.status(401);
            } else {
                ctx.redirect("/console/login");
            }
            ctx.skipRemainingHandlers();
            return;
        }
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            String token = ctx.header(CSRF_HEADER) != null ? ctx.header(CSRF_HEADER) : ctx.formParam("_csrf");
            if (!csrfMatches(s, token)) {
                users.audit(s.user().username(), ctx.ip(), "refused (CSRF) " + ctx.method() + " " + path, 403);
                throw new ForbiddenResponse("Forbidden: missing or wrong CSRF token");
            }
            if (!s.user().canWrite() && !path.equals("/console/logout") && !path.startsWith("/console/account/")) {
                users.audit(s.user().username(), ctx.ip(), "refused (viewer) " + ctx.method() + " " + path, 403);
                throw new ForbiddenResponse("Forbidden: the viewer role is read-only");
            }
        }
        ctx.attribute(SESSION, s);
    }

    private static boolean csrfMatches(ConsoleUsers.Session s, String token) {
        return token != null && java.security.MessageDigest.isEqual(s.csrf().getBytes(), token.getBytes());
    }

    /** Whether the browser reached us over HTTPS, directly or through a proxy that says so. */
    static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    static void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (secure(ctx) ? "; Secure" : ""));
    }

    private static void asset(Context ctx) throws java.io.IOException {
        String file = ctx.pathParam("file");
        if (!file.matches("[a-z]+\\.(js|css)")) {
            ctx.status(404);
            return;
        }
        try (var in = Console.class.getResourceAsStream("/console/" + file)) {
            if (in == null) {
                ctx.status(404);
                return;
            }
            ctx.contentType(file.endsWith(".js") ? "text/javascript" : "text/css").result(in.readAllBytes());
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
