package io.softswitch.core.api.internal;

import io.javalin.http.Context;
import io.softswitch.core.store.Rows;

/**
 * Resolves a request's {@link Scope}: the caller (set by authentication), and for 2010 paths the
 * {@code {AccountSid}} it names, which must be the caller or, for the main account, one of its
 * subaccounts. Anything else is a 404, so account SIDs of others cannot be probed.
 */
public final class Scopes {
    public static final String CALLER = "softswitch.caller";

    private final Rows rows;

    public Scopes(Rows rows) {
        this.rows = rows;
    }

    /** The authenticated account: its SID and whether it is the main account. */
    public record Caller(String sid, boolean main) {
    }

    public Scope of(Context ctx, boolean mainOnly) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new ApiException(401, 20003, "Authenticate");
        }
        if (mainOnly && !caller.main()) {
            throw ApiException.notFound(ctx.path());
        }
        String account = caller.sid();
        String named = ctx.pathParamMap().get("AccountSid");
        if (named != null && !named.equals(caller.sid())) {
            boolean owned = caller.main() && rows.find("accounts", "sid = ? AND owner_account_sid = ?", named,
                    caller.sid()).isPresent();
            if (!owned) {
                throw ApiException.notFound(ctx.path());
            }
            account = named;
        }
        return new Scope(caller.sid(), account, caller.main(), ctx.scheme() + "://" + ctx.host());
    }
}
