package io.softswitch.core.console;

import static io.softswitch.core.console.Html.esc;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@code /console/login} and {@code /console/logout}: user name, password and a TOTP code (or one
 * recovery code) in one form. The form's CSRF token is a double-submit cookie (there is no session
 * yet). Failures all read the same, so a name cannot be probed; {@link LoginThrottle} locks a user or
 * a source after repeated failures. Every sign-in and refusal goes to the audit log.
 */
final class SignIn {
    static final String LOGIN_CSRF_COOKIE = "ss_login_csrf";
    private static final String FAILED = "Wrong user name, password or code.";

    private final ConsoleUsers users;
    private final LoginThrottle throttle;

    SignIn(ConsoleUsers users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    void register(Javalin app) {
        app.get("/console/login", ctx -> form(ctx, null, 200));
        app.post("/console/login", this::login);
        app.post("/console/logout", ctx -> {
            ConsoleUsers.Session s = Console.session(ctx);
            users.close(s.id());
            users.audit(s.user().username(), ctx.ip(), "sign-out", 200);
            Console.setCookie(ctx, Console.SESSION_COOKIE, "", 0);
            ctx.redirect("/console/login");
        });
    }

    private void form(Context ctx, String error, int status) {
        String token = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
        Console.setCookie(ctx, LOGIN_CSRF_COOKIE, token, 3600);
        String body = "<form method=\"post\" action=\"/console/login\" class=\"card signin\" id=\"signin\">"
                + "<input type=\"hidden\" name=\"_csrf\" value=\"" + token + "\">"
                + (error == null ? "" : "<p class=\"form-error\" role=\"alert\" id=\"signin-error\">" + esc(error) + "</p>")
                + "<label for=\"username\">User name</label><input id=\"username\" name=\"username\" autocomplete=\"username\" required>"
                + "<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\""
                + " autocomplete=\"current-password\" required>"
                + "<label for=\"code\">Authenticator code or recovery code</label><input id=\"code\" name=\"code\""
                + " inputmode=\"numeric\" autocomplete=\"one-time-code\" required>"
                + "<button type=\"submit\">Sign in</button></form>";
        ctx.status(status).contentType("text/html; charset=utf-8").result(Html.page("Sign in", null, null, body));
    }

    private void login(Context ctx) {
        String cookie = ctx.cookie(LOGIN_CSRF_COOKIE);
        String token = ctx.formParam("_csrf");
        if (cookie == null || token == null || !java.security.MessageDigest.isEqual(cookie.getBytes(), token.getBytes())) {
            throw new ForbiddenResponse("Forbidden: missing or wrong CSRF token");
        }
        String username = String.valueOf(ctx.formParam("username")).strip();
        String source = ctx.ip();
        String refusal = throttle.refusal(username, source);
        if (refusal != null) {
            users.audit(username, source, "sign-in refused (throttled)", 429);
            form(ctx, refusal, 429);
            return;
        }
        ConsoleUser user = users.find(username).orElse(null);
        // The KDF runs for unknown names too, so timing does not tell which names exist.
        boolean password = Passwords.matches(ctx.formParam("password"),
                user == null ? "pbkdf2-sha256$" + Passwords.ITERATIONS + "$AAAAAAAAAAAAAAAAAAAAAA$AAAA" : user.passwordHash());
        String code = String.valueOf(ctx.formParam("code")).strip();
        boolean second = user != null && password
                && (Totp.verify(user.totpSecret(), code, Instant.now()) || users.useRecoveryCode(user, code));
        if (!second) {
            throttle.failed(username, source);
            users.audit(username, source, "sign-in failed", 401);
            form(ctx, FAILED, 401);
            return;
        }
        throttle.succeeded(username);
        ConsoleUsers.Session s = users.open(user);
        users.audit(username, source, "sign-in", 200);
        Console.setCookie(ctx, LOGIN_CSRF_COOKIE, "", 0);
        Console.setCookie(ctx, Console.SESSION_COOKIE, s.id(), ConsoleUsers.SESSION_LIFETIME.toSeconds());
        ctx.redirect("/console/live");
    }
}
