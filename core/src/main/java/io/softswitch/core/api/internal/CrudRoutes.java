package io.softswitch.core.api.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Sids;
import io.softswitch.core.store.StoreException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Create, fetch, list, update and delete for a {@link ResourceSpec}, on a collection path and an
 * item path whose last segment is {@code {Sid}} (2010 paths carry a {@code .json} suffix on both).
 * Every write goes through the provisioning store: written, re-read and compiled in one transaction
 * (refused with a 400 naming the parameter when routing could not use the result), and routing is
 * updated before the response goes out.
 */
public final class CrudRoutes {
    private final ProvisioningStore store;
    private final Rows rows;
    private final Scopes scopes;

    public CrudRoutes(ProvisioningStore store, Scopes scopes) {
        this.store = store;
        this.rows = store.rows();
        this.scopes = scopes;
    }

    public void register(Javalin app, ResourceSpec spec, String collection, String item) {
        app.post(collection, ctx -> create(ctx, spec));
        app.get(collection, ctx -> list(ctx, spec));
        app.get(item, ctx -> fetch(ctx, spec));
        app.post(item, ctx -> update(ctx, spec));
        app.delete(item, ctx -> delete(ctx, spec));
    }

    private void create(Context ctx, ResourceSpec spec) {
        Scope scope = scopes.of(ctx, spec.mainOnly());
        String parent = parent(ctx, scope, spec, false);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : spec.params()) {
            String raw = ctx.formParam(p.name());
            if (raw == null) {
                if (p.mandatory()) {
                    throw ApiException.missing(p.name());
                }
                if (p.defaultValue() != Param.NO_DEFAULT) {
                    values.put(p.column(), p.defaultValue());
                }
            } else {
                Object parsed = mandatory(p, p.parser().parse(p.name(), raw));
                if (p.column() != null) {
                    values.put(p.column(), parsed);
                }
            }
        }
        if (spec.maxPerParent() > 0 && parent != null
                && rows.count(spec.table(), spec.parentColumn() + " = ?", List.of(parent)) >= spec.maxPerParent()) {
            throw new ApiException(ApiError.LIMIT_REACHED, "at most " + spec.maxPerParent() + " " + spec.listKey() + " per "
                    + spec.parentParam());
        }
        spec.hook().beforeWrite(scope, parent, values, null);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sid", Sids.next(spec.prefix()));
        row.put("account_sid", scope.accountSid());
        if (parent != null) {
            row.put(spec.parentColumn(), parent);
        }
        row.putAll(values);
        Map<String, Object> saved = store.write(() -> write(() -> rows.insert(spec.table(), row)));
        ctx.status(201).json(render(ctx, scope, spec, saved, collectionPath(ctx, spec, false)));
    }

    /**
     * Whether this request sees every account's rows: the main account on {@code /v1} (it operates
     * the switch: it lists, fetches, changes and deletes any tenant's trunks there), not on 2010
     * paths, which name the account they act on.
     */
    private static boolean allAccounts(Scope scope, ResourceSpec spec) {
        return spec.v1() && scope.callerIsMain();
    }

    private void list(Context ctx, ResourceSpec spec) {
        Scope scope = scopes.of(ctx, spec.mainOnly());
        String parent = parent(ctx, scope, spec, allAccounts(scope, spec));
        boolean all = allAccounts(scope, spec);
        StringBuilder where = new StringBuilder(all ? "1 = 1" : "account_sid = ?");
        List<Object> args = new ArrayList<>(all ? List.of() : List.of(scope.accountSid()));
        if (parent != null) {
            where.append(" AND ").append(spec.parentColumn()).append(" = ?");
            args.add(parent);
        }
        spec.filters().forEach((param, column) -> {
            String v = ctx.queryParam(param);
            if (v != null) {
                where.append(" AND ").append(column).append(" = ?");
                args.add(v);
            }
        });
        spec.listFilter().apply(ctx::queryParam, where, args);
        Paging paging = Paging.of(ctx);
        List<Map<String, Object>> page = rows.list(spec.table(), where.toString(), args, "seq", paging.pageSize() + 1,
                paging.offset());
        boolean more = page.size() > paging.pageSize();
        String base = collectionPath(ctx, spec, false);
        List<Map<String, Object>> items = page.stream().limit(paging.pageSize())
                .map(r -> render(ctx, scope, spec, r, base)).toList();
        ctx.json(spec.v1() ? paging.pageV1(ctx, scope.baseUrl(), spec.listKey(), items, more)
                : paging.page2010(ctx, spec.listKey(), items, more));
    }

    private void fetch(Context ctx, ResourceSpec spec) {
        Scope scope = scopes.of(ctx, spec.mainOnly());
        String parent = parent(ctx, scope, spec, allAccounts(scope, spec));
        ctx.json(render(ctx, scope, spec, find(ctx, scope, spec, parent), collectionPath(ctx, spec, true)));
    }

    private void update(Context ctx, ResourceSpec spec) {
        Scope scope = scopes.of(ctx, spec.mainOnly());
        String parent = parent(ctx, scope, spec, allAccounts(scope, spec));
        Map<String, Object> existing = find(ctx, scope, spec, parent);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : spec.params()) {
            String raw = ctx.formParam(p.name());
            if (raw != null) {
                if (!p.updatable()) {
                    throw ApiException.invalid(p.name(), raw, "unchanged: " + p.name() + " cannot be updated");
                }
                Object parsed = mandatory(p, p.parser().parse(p.name(), raw));
                if (p.column() != null) {
                    values.put(p.column(), parsed);
                }
            }
        }
        spec.hook().beforeWrite(scope, parent, values, existing);
        String sid = (String) existing.get("sid");
        if (!values.isEmpty()) {
            store.write(() -> write(() -> rows.update(spec.table(), sid, values)));
        }
        ctx.json(render(ctx, scope, spec, rows.find(spec.table(), "sid = ?", sid).orElseThrow(),
                collectionPath(ctx, spec, true)));
    }

    private void delete(Context ctx, ResourceSpec spec) {
        Scope scope = scopes.of(ctx, spec.mainOnly());
        String parent = parent(ctx, scope, spec, allAccounts(scope, spec));
        Map<String, Object> existing = find(ctx, scope, spec, parent);
        store.write(() -> {
            if (!(spec.hook() instanceof ResourceSpec.ReleasingHook h && h.release(scope, existing))) {
                rows.delete(spec.table(), "sid = ?", existing.get("sid"));
            }
        });
        ctx.status(204);
    }

    private Map<String, Object> find(Context ctx, Scope scope, ResourceSpec spec, String parent) {
        String sid = itemSid(ctx, spec.v1());
        List<Object> args = new ArrayList<>(List.of(sid));
        StringBuilder where = new StringBuilder("sid = ?");
        if (!allAccounts(scope, spec)) {
            where.append(" AND account_sid = ?");
            args.add(scope.accountSid());
        }
        if (parent != null) {
            where.append(" AND ").append(spec.parentColumn()).append(" = ?");
            args.add(parent);
        }
        return rows.find(spec.table(), where.toString(), args.toArray()).orElseThrow(() -> ApiException.notFound(ctx.path()));
    }

    private String parent(Context ctx, Scope scope, ResourceSpec spec, boolean anyAccount) {
        if (spec.parentParam() == null) {
            return null;
        }
        String sid = ctx.pathParam(spec.parentParam());
        return (anyAccount ? rows.find(spec.parentTable(), "sid = ?", sid)
                : rows.find(spec.parentTable(), "sid = ? AND account_sid = ?", sid, scope.accountSid()))
                .map(r -> (String) r.get("sid"))
                .orElseThrow(() -> ApiException.notFound(ctx.path()));
    }

    /** The item SID from the last path segment, without the 2010 {@code .json} suffix. */
    public static String itemSid(Context ctx, boolean v1) {
        String s = ctx.pathParam("Sid");
        if (!v1) {
            if (!s.endsWith(".json")) {
                throw ApiException.notFound(ctx.path());
            }
            s = s.substring(0, s.length() - 5);
        }
        return s;
    }

    /** The collection's path (v1: without suffix; 2010: without {@code .json}). */
    public static String collectionPath(Context ctx, ResourceSpec spec, boolean isItem) {
        String path = ctx.path();
        if (isItem) {
            path = path.substring(0, path.lastIndexOf('/'));
        }
        if (!spec.v1() && path.endsWith(".json")) {
            path = path.substring(0, path.length() - 5);
        }
        return path;
    }

    public static Map<String, Object> render(Context ctx, Scope scope, ResourceSpec spec, Map<String, Object> row,
            String collectionPath) {
        Map<String, Object> json = Json.row(row, spec.v1());
        spec.hidden().forEach(json::remove);
        String self = spec.v1() ? scope.baseUrl() + collectionPath + "/" + row.get("sid")
                : collectionPath + "/" + row.get("sid") + ".json";
        spec.decorator().decorate(scope, row, json, self);
        json.put(spec.v1() ? "url" : "uri", self);
        return json;
    }

    /** Runs a write, turning a unique-key violation into {@code 400} {@link ApiError#ALREADY_EXISTS}. */
    public static <T> T write(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                throw new ApiException(ApiError.ALREADY_EXISTS, "already exists: " + conflict(sql.getMessage()));
            }
            throw e;
        }
    }

    private static String conflict(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        for (String field : List.of("domain_name", "phone_number", "friendly_name", "username")) {
            if (m.contains(field)) {
                return "another resource has this " + field;
            }
        }
        return "a resource with these values";
    }

    /** A mandatory parameter given empty ({@code FriendlyName=}) is as missing as an absent one (found by ApiFormFuzzTest). */
    private static Object mandatory(Param p, Object parsed) {
        if (parsed == null && p.mandatory()) {
            throw ApiException.missing(p.name());
        }
        return parsed;
    }
}
