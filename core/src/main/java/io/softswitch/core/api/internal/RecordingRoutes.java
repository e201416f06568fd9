package io.softswitch.core.api.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.softswitch.core.store.ProvisioningStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /v1/Trunks/{TrunkSid}/Recording}: the trunk's recording {@code Mode} and {@code Trim}, which
 * the call engine reads at each new call ({@link io.softswitch.core.recording.RecordingMode}).
 */
public final class RecordingRoutes {
    private static final Parser MODE = Parser.oneOf("do-not-record", "record-from-ringing", "record-from-answer", "record-from-ringing-dual",
            "record-from-answer-dual");
    private static final Parser TRIM = Parser.oneOf("do-not-trim", "trim-silence");

    private final ProvisioningStore store;
    private final Scopes scopes;

    public RecordingRoutes(ProvisioningStore store, Scopes scopes) {
        this.store = store;
        this.scopes = scopes;
    }

    public void register(Javalin app) {
        app.get("/v1/Trunks/{TrunkSid}/Recording", this::fetch);
        app.post("/v1/Trunks/{TrunkSid}/Recording", this::update);
    }

    private Map<String, Object> trunk(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        return store.rows().find("trunks", "sid = ? AND account_sid = ?", ctx.pathParam("TrunkSid"), scope.accountSid())
                .orElseThrow(() -> ApiException.notFound(ctx.path()));
    }

    private void fetch(Context ctx) {
        ctx.json(render(trunk(ctx)));
    }

    private void update(Context ctx) {
        Map<String, Object> t = trunk(ctx);
        Map<String, Object> v = new LinkedHashMap<>();
        if (ctx.formParam("Mode") != null) {
            v.put("recording_mode", MODE.parse("Mode", ctx.formParam("Mode")));
        }
        if (ctx.formParam("Trim") != null) {
            v.put("recording_trim", TRIM.parse("Trim", ctx.formParam("Trim")));
        }
        if (!v.isEmpty()) {
            store.write(() -> store.rows().update("trunks", (String) t.get("sid"), v));
        }
        ctx.json(render(store.rows().find("trunks", "sid = ?", t.get("sid")).orElseThrow()));
    }

    private static Map<String, Object> render(Map<String, Object> t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", t.get("recording_mode"));
        m.put("trim", t.get("recording_trim"));
        return m;
    }
}
