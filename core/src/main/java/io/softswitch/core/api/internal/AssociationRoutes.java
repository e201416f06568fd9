package io.softswitch.core.api.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.core.store.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Association sub-resources ({@code /v1/Trunks/{TrunkSid}/IpAccessControlLists}, {@code /CredentialLists},
 * {@code /PhoneNumbers}, {@code /v1/Carriers/{CarrierSid}/IpAccessControlLists}): POST associates an
 * existing resource of the same account by SID, DELETE dissociates it (the resource itself stays).
 */
public final class AssociationRoutes {
    private final ProvisioningStore store;
    private final Rows rows;
    private final Scopes scopes;

    public AssociationRoutes(ProvisioningStore store, Scopes scopes) {
        this.store = store;
        this.rows = store.rows();
        this.scopes = scopes;
    }

    /**
     * @param ownerTable   {@code trunks} or {@code carriers}
     * @param ownerColumn  column of the association table naming the owner
     * @param linkTable    association table, or null when the link is a column of the target ({@code phone_numbers.trunk_sid})
     * @param targetTable  table of the associated resources
     * @param param        form parameter naming the target, e.g. {@code IpAccessControlListSid}
     * @param prefix       its SID prefix
     */
    public record Link(String path, String ownerTable, String ownerParam, String ownerColumn, String linkTable,
            String targetTable, String param, String prefix, String listKey, boolean mainOnly,
            ResourceSpec.Decorator decorator) {
        public Link(String path, String ownerTable, String ownerParam, String ownerColumn, String linkTable,
                String targetTable, String param, String prefix, String listKey, boolean mainOnly) {
            this(path, ownerTable, ownerParam, ownerColumn, linkTable, targetTable, param, prefix, listKey, mainOnly,
                    ResourceSpec.NO_DECORATION);
        }
    }

    /** A trunk's phone number: every field of Twilio's, as {@code IncomingPhoneNumbers} renders them, and a link to it. */
    public static final ResourceSpec.Decorator PHONE_NUMBER = (scope, row, json, self) -> {
        PhoneNumberFields.decorate(row, json);
        json.put("links", Map.of("incoming_phone_number", scope.baseUrl() + "/2010-04-01/Accounts/" + row.get("account_sid")
                + "/IncomingPhoneNumbers/" + row.get("sid") + ".json"));
    };

    public void register(Javalin app, Link link) {
        app.post(link.path(), ctx -> associate(ctx, link));
        app.get(link.path(), ctx -> list(ctx, link));
        app.get(link.path() + "/{Sid}", ctx -> fetch(ctx, link));
        app.delete(link.path() + "/{Sid}", ctx -> dissociate(ctx, link));
    }

    /**
     * The owner named by the path, of the caller's account; for the main account reading or
     * removing links ({@code anyAccount}), of any account, as for the resources themselves.
     */
    private String owner(Context ctx, Scope scope, Link link, boolean anyAccount) {
        String sid = ctx.pathParam(link.ownerParam());
        return (anyAccount && scope.callerIsMain() ? rows.find(link.ownerTable(), "sid = ?", sid)
                : rows.find(link.ownerTable(), "sid = ? AND account_sid = ?", sid, scope.accountSid()))
                .map(r -> (String) r.get("sid")).orElseThrow(() -> ApiException.notFound(ctx.path()));
    }

    private void associate(Context ctx, Link link) {
        Scope scope = scopes.of(ctx, link.mainOnly());
        String owner = owner(ctx, scope, link, false);
        String raw = ctx.formParam(link.param());
        if (raw == null) {
            throw ApiException.missing(link.param());
        }
        String sid = (String) Parser.sid(link.prefix()).parse(link.param(), raw);
        if (sid == null || rows.find(link.targetTable(), "sid = ? AND account_sid = ?", sid, scope.accountSid()).isEmpty()) {
            throw ApiException.invalid(link.param(), raw, "the SID of a resource of account " + scope.accountSid());
        }
        store.write(() -> {
            if (link.linkTable() == null) {
                rows.update(link.targetTable(), sid, Map.of(link.ownerColumn(), owner));
            } else {
                if (rows.find(link.linkTable(), link.ownerColumn() + " = ? AND sid = ?", owner, sid).isPresent()) {
                    throw new ApiException(ApiError.ALREADY_EXISTS, link.param() + ": " + sid + " is already associated");
                }
                Map<String, Object> v = new LinkedHashMap<>();
                v.put(link.ownerColumn(), owner);
                v.put("sid", sid);
                v.put("date_created", Rows.now());
                rows.insertRaw(link.linkTable(), v);
            }
        });
        ctx.status(201).json(render(scope, link, owner, target(ctx, link, owner, sid), ctx.path()));
    }

    private void list(Context ctx, Link link) {
        Scope scope = scopes.of(ctx, link.mainOnly());
        String owner = owner(ctx, scope, link, true);
        Paging paging = Paging.of(ctx);
        List<Map<String, Object>> page = rows.select(selectSql(link) + " ORDER BY t.seq LIMIT " + (paging.pageSize() + 1)
                + " OFFSET " + paging.offset(), owner);
        boolean more = page.size() > paging.pageSize();
        List<Map<String, Object>> items = page.stream().limit(paging.pageSize())
                .map(r -> render(scope, link, owner, r, ctx.path())).toList();
        ctx.json(paging.pageV1(ctx, scope.baseUrl(), link.listKey(), items, more));
    }

    private void fetch(Context ctx, Link link) {
        Scope scope = scopes.of(ctx, link.mainOnly());
        String owner = owner(ctx, scope, link, true);
        String sid = ctx.pathParam("Sid");
        ctx.json(render(scope, link, owner, target(ctx, link, owner, sid), ctx.path().substring(0, ctx.path().lastIndexOf('/'))));
    }

    private void dissociate(Context ctx, Link link) {
        Scope scope = scopes.of(ctx, link.mainOnly());
        String owner = owner(ctx, scope, link, true);
        String sid = ctx.pathParam("Sid");
        target(ctx, link, owner, sid);
        store.write(() -> {
            if (link.linkTable() == null) {
                Map<String, Object> clear = new LinkedHashMap<>();
                clear.put(link.ownerColumn(), null);
                rows.update(link.targetTable(), sid, clear);
            } else {
                rows.delete(link.linkTable(), link.ownerColumn() + " = ? AND sid = ?", owner, sid);
            }
        });
        ctx.status(204);
    }

    private String selectSql(Link link) {
        return link.linkTable() == null
                ? "SELECT t.* FROM " + link.targetTable() + " t WHERE t." + link.ownerColumn() + " = ?"
                : "SELECT t.* FROM " + link.targetTable() + " t JOIN " + link.linkTable() + " l ON l.sid = t.sid WHERE l."
                        + link.ownerColumn() + " = ?";
    }

    private Map<String, Object> target(Context ctx, Link link, String owner, String sid) {
        List<Map<String, Object>> found = rows.select(selectSql(link) + " AND t.sid = ?", owner, sid);
        if (found.isEmpty()) {
            throw ApiException.notFound(ctx.path());
        }
        return found.get(0);
    }

    private static Map<String, Object> render(Scope scope, Link link, String owner, Map<String, Object> row, String collection) {
        Map<String, Object> json = Json.row(row, true);
        json.remove("ha1_md5");
        json.put(link.ownerColumn(), owner);
        String self = scope.baseUrl() + collection + "/" + row.get("sid");
        link.decorator().decorate(scope, row, json, self);
        json.put("url", self);
        return json;
    }
}
