package io.softswitch.core.api.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Sids;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Auth token rotation, Twilio's way (Accounts v1): {@code POST /v1/AuthTokens/Secondary} creates a
 * secondary token (shown once; both tokens work meanwhile), {@code POST /v1/AuthTokens/Promote}
 * makes it the primary (the old primary stops working), {@code DELETE /v1/AuthTokens/Secondary}
 * drops it. Each account rotates its own tokens. As tokens are stored hashed, the promote answer
 * carries no token ({@code auth_token: null}).
 */
public final class AuthTokenRoutes {
    private final ProvisioningStore store;
    private final Rows rows;

    public AuthTokenRoutes(ProvisioningStore store) {
        this.store = store;
        this.rows = store.rows();
    }

    public void register(Javalin app) {
        app.post("/v1/AuthTokens/Secondary", this::createSecondary);
        app.delete("/v1/AuthTokens/Secondary", this::deleteSecondary);
        app.post("/v1/AuthTokens/Promote", this::promote);
    }

    private static String caller(Context ctx) {
        Scopes.Caller c = ctx.attribute(Scopes.CALLER);
        return c.sid();
    }

    private void createSecondary(Context ctx) {
        String sid = caller(ctx);
        String token = Sids.secret();
        Instant now = Rows.now();
        rows.jdbc().update("UPDATE accounts SET secondary_auth_token_hash = ?, secondary_auth_token_sealed = ?,"
                + " secondary_auth_token_created = ?, date_updated = ? WHERE sid = ?", store.tokens().hash(token),
                store.tokens().seal(sid, token), now, now, sid);
        Map<String, Object> json = answer(ctx, sid);
        json.put("secondary_auth_token", token);
        ctx.status(201).json(json);
    }

    private void deleteSecondary(Context ctx) {
        int n = rows.jdbc().update("UPDATE accounts SET secondary_auth_token_hash = NULL,"
                + " secondary_auth_token_sealed = NULL, secondary_auth_token_created = NULL WHERE sid = ? AND secondary_auth_token_hash IS NOT NULL",
                caller(ctx));
        if (n == 0) {
            throw ApiException.notFound(ctx.path());
        }
        ctx.status(204);
    }

    private void promote(Context ctx) {
        String sid = caller(ctx);
        Instant now = Rows.now();
        int n = rows.jdbc().update("UPDATE accounts SET auth_token_hash = secondary_auth_token_hash,"
                + " auth_token_sealed = secondary_auth_token_sealed, secondary_auth_token_hash = NULL,"
                + " secondary_auth_token_sealed = NULL, secondary_auth_token_created = NULL, date_updated = ?"
                + " WHERE sid = ? AND secondary_auth_token_hash IS NOT NULL", now, sid);
        if (n == 0) {
            throw new ApiException(ApiError.NOT_FOUND, "no secondary auth token to promote (create one with POST"
                    + " /v1/AuthTokens/Secondary)");
        }
        Map<String, Object> json = answer(ctx, sid);
        json.put("auth_token", null);
        ctx.json(json);
    }

    private Map<String, Object> answer(Context ctx, String sid) {
        Map<String, Object> a = Json.row(rows.find("accounts", "sid = ?", sid).orElseThrow(), true);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account_sid", sid);
        json.put("date_created", a.get("date_created"));
        json.put("date_updated", a.get("date_updated"));
        json.put("url", ctx.scheme() + "://" + ctx.host() + ctx.path());
        return json;
    }
}
