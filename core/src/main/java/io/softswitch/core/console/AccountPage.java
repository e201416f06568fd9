package io.softswitch.core.console;

import static io.softswitch.core.console.Html.esc;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /console/account}: a signed-in user moves their second factor to a new authenticator.
 * A new key is made and shown as a QR code and as text; it replaces the old one only once a code
 * from it is confirmed, and new recovery codes (shown once) replace the old ones then.
 */
final class AccountPage {
    private static final Duration PENDING = Duration.ofMinutes(10);

    private final ConsoleUsers users;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(String secret, Instant until) {
    }

    AccountPage(ConsoleUsers users) {
        this.users = users;
    }

    void register(Javalin app) {
        app.get("/console/account", ctx -> show(ctx, intro(ctx)));
        app.post("/console/account/totp", ctx -> {
            ConsoleUsers.Session s = Console.session(ctx);
            String secret = Totp.newSecret();
            pending.values().removeIf(p -> p.until.isBefore(Instant.now()));
            pending.put(s.id(), new Pending(secret, Instant.now().plus(PENDING)));
            show(ctx, enrol(s, secret, null));
        });
        app.post("/console/account/totp/confirm", ctx -> {
            ConsoleUsers.Session s = Console.session(ctx);
            Pending p = pending.get(s.id());
            if (p == null || p.until.isBefore(Instant.now())) {
                show(ctx, "<p class=\"form-error\" role=\"alert\">The new key expired; start again.</p>" + intro(ctx));
                return;
            }
            if (!Totp.verify(p.secret, ctx.formParam("code"), Instant.now())) {
                show(ctx, enrol(s, p.secret, "That code is not the new key's; try the current one."));
                return;
            }
            pending.remove(s.id());
            java.util.List<String> codes = users.replaceTotp(s.user().username(), p.secret);
            users.audit(s.user().username(), ctx.ip(), "two-factor key replaced", 200);
            show(ctx, "<section class=\"card\" id=\"enrolled\"><h2>New authenticator in use</h2><p>New recovery codes,"
                    + " each usable once (the old ones no longer work). Keep them somewhere safe:</p><pre id=\"recovery-codes\">"
                    + esc(String.join("\n", codes)) + "</pre></section>");
        });
    }

    private static void show(Context ctx, String body) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
                .result(Html.page("Two-factor sign-in", "account", Console.session(ctx), body));
    }

    private static String intro(Context ctx) {
        return "<form method=\"post\" action=\"/console/account/totp\" class=\"card\">" + Html.csrfField(Console.session(ctx))
                + "<p>Move your sign-in codes to a new authenticator app. The current one keeps working until you confirm"
                + " a code from the new one.</p><button type=\"submit\">Set up a new authenticator</button></form>";
    }

    private static String enrol(ConsoleUsers.Session s, String secret, String error) {
        String uri = Totp.uri("softswitch", s.user().username(), secret);
        return "<section class=\"card enrol\"><h2>Scan with your authenticator app</h2>"
                + Qr.svg(uri, 220, "QR code of the new authenticator key")
                + "<p>Or type the key: <code id=\"totp-secret\">" + esc(secret) + "</code></p></section>"
                + "<form method=\"post\" action=\"/console/account/totp/confirm\" class=\"card\">" + Html.csrfField(s)
                + (error == null ? "" : "<p class=\"form-error\" role=\"alert\">" + esc(error) + "</p>")
                + "<div class=\"field\"><label for=\"code\">Code from the new authenticator</label><input id=\"code\" name=\"code\""
                + " inputmode=\"numeric\" autocomplete=\"one-time-code\" required></div><button type=\"submit\">Confirm</button></form>";
    }
}
