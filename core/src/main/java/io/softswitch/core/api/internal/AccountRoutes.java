package io.softswitch.core.api.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.softswitch.core.store.AccountClosure;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Sids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /2010-04-01/Accounts.json} and {@code /Accounts/{Sid}.json}. The main account creates,
 * lists, renames, suspends and closes its subaccounts; a subaccount sees and renames only itself.
 * A closed account cannot be reopened, and the main account cannot be suspended or closed.
 */
public final class AccountRoutes {
    private static final Parser STATUS = Parser.oneOf("active", "suspended", "closed");
    private final ProvisioningStore store;
    private final Rows rows;

    public AccountRoutes(ProvisioningStore store) {
        this.store = store;
        this.rows = store.rows();
    }

    public void register(Javalin app) {
        app.post("/2010-04-01/Accounts.json", this::create);
        app.get("/2010-04-01/Accounts.json", this::list);
        app.get("/2010-04-01/Accounts/{Sid}", this::fetch);
        app.post("/2010-04-01/Accounts/{Sid}", this::update);
        app.get("/2010-04-01/Accounts/{AccountSid}/SIP.json", this::sip);
    }

    /** The {@code sip} entry of an account's {@code subresource_uris}: the SIP lists it holds. */
    private void sip(Context ctx) {
        Scopes.Caller c = caller(ctx);
        String sid = ctx.pathParam("AccountSid");
        rows.find("accounts", "sid = ? AND (sid = ? OR owner_account_sid = ?)", sid, c.sid(), c.main() ? c.sid() : "-")
                .orElseThrow(() -> ApiException.notFound(ctx.path()));
        String base = "/2010-04-01/Accounts/" + sid + "/SIP";
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("ip_access_control_lists", base + "/IpAccessControlLists.json");
        sub.put("credential_lists", base + "/CredentialLists.json");
        ctx.json(Map.of("account_sid", sid, "uri", base + ".json", "subresource_uris", sub));
    }

    private static Scopes.Caller caller(Context ctx) {
        return ctx.attribute(Scopes.CALLER);
    }

    private void create(Context ctx) {
        Scopes.Caller c = caller(ctx);
        if (!c.main()) {
            throw new ApiException(403, 20403, "only the main account can create subaccounts");
        }
        String name = ctx.formParam("FriendlyName");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sid", Sids.next("AC"));
        v.put("owner_account_sid", c.sid());
        v.put("friendly_name", name == null ? "SubAccount Created at " + Json.date(Rows.now())
                : Parser.text(64).parse("FriendlyName", name));
        if (v.get("friendly_name") == null) {
            throw ApiException.invalid("FriendlyName", "", "1-64 characters");
        }
        v.put("status", "active");
        v.put("type", "Full");
        // Stored as a keyed hash: this answer is the only time the token is shown (issue 22).
        String token = Sids.secret();
        v.put("auth_token_hash", store.tokens().hash(token));
        // Sealed under a key outside the database, for signing the account's webhooks (issue 18).
        v.put("auth_token_sealed", store.tokens().seal((String) v.get("sid"), token));
        Map<String, Object> json = render(rows.insert("accounts", v));
        json.put("auth_token", token);
        ctx.status(201).json(json);
    }

    private void list(Context ctx) {
        Scopes.Caller c = caller(ctx);
        StringBuilder where = new StringBuilder(c.main() ? "(sid = ? OR owner_account_sid = ?)" : "sid = ?");
        List<Object> args = new ArrayList<>(c.main() ? List.of(c.sid(), c.sid()) : List.of(c.sid()));
        if (ctx.queryParam("FriendlyName") != null) {
            where.append(" AND friendly_name = ?");
            args.add(ctx.queryParam("FriendlyName"));
        }
        if (ctx.queryParam("Status") != null) {
            where.append(" AND status = ?");
            args.add(STATUS.parse("Status", ctx.queryParam("Status")));
        }
        Paging paging = Paging.of(ctx);
        List<Map<String, Object>> page = rows.list("accounts", where.toString(), args, "seq", paging.pageSize() + 1,
                paging.offset());
        boolean more = page.size() > paging.pageSize();
        ctx.json(paging.page2010(ctx, "accounts", page.stream().limit(paging.pageSize()).map(this::render).toList(), more));
    }

    private Map<String, Object> find(Context ctx) {
        Scopes.Caller c = caller(ctx);
        String sid = CrudRoutes.itemSid(ctx, false);
        return rows.find("accounts", "sid = ? AND (sid = ? OR owner_account_sid = ?)", sid, c.sid(),
                c.main() ? c.sid() : "-").orElseThrow(() -> ApiException.notFound(ctx.path()));
    }

    private void fetch(Context ctx) {
        ctx.json(render(find(ctx)));
    }

    private void update(Context ctx) {
        Map<String, Object> a = find(ctx);
        Scopes.Caller c = caller(ctx);
        Map<String, Object> v = new LinkedHashMap<>();
        String name = ctx.formParam("FriendlyName");
        if (name != null) {
            Object parsed = Parser.text(64).parse("FriendlyName", name);
            if (parsed == null) {
                throw ApiException.invalid("FriendlyName", "", "1-64 characters");
            }
            v.put("friendly_name", parsed);
        }
        String status = ctx.formParam("Status");
        if (status != null) {
            String s = (String) STATUS.parse("Status", status);
            if (a.get("owner_account_sid") == null || !c.main()) {
                throw new ApiException(403, 20403, "Status: only the main account can change a subaccount's status");
            }
            if ("closed".equals(a.get("status")) && !"closed".equals(s)) {
                throw ApiException.invalid("Status", status, "closed (a closed account cannot be reopened)");
            }
            v.put("status", s);
        }
        if (!v.isEmpty()) {
            rows.update("accounts", (String) a.get("sid"), v);
            if ("closed".equals(v.get("status")) && !"closed".equals(a.get("status"))) {
                AccountClosure.close(rows, (String) a.get("sid"), store.mainAccountSid());
            }
            // Routing refuses calls of accounts that are not active (AccountStatusGate).
            store.changed();
        }
        ctx.json(render(rows.find("accounts", "sid = ?", a.get("sid")).orElseThrow()));
    }

    private Map<String, Object> render(Map<String, Object> row) {
        Map<String, Object> json = Json.row(row);
        // Twilio: the main account is its own owner.
        json.put("owner_account_sid", row.get("owner_account_sid") == null ? row.get("sid") : row.get("owner_account_sid"));
        json.remove("auth_token_hash");
        json.remove("secondary_auth_token_hash");
        json.remove("auth_token_sealed");
        json.remove("secondary_auth_token_sealed");
        json.remove("secondary_auth_token_created");
        json.put("auth_token", null); // shown once, in the answer that created it
        String uri = "/2010-04-01/Accounts/" + row.get("sid") + ".json";
        String base = "/2010-04-01/Accounts/" + row.get("sid");
        json.put("uri", uri);
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("calls", base + "/Calls.json");
        sub.put("incoming_phone_numbers", base + "/IncomingPhoneNumbers.json");
        sub.put("sip", base + "/SIP.json");
        json.put("subresource_uris", sub);
        return json;
    }
}
