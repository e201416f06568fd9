package io.softswitch.core.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.softswitch.core.api.internal.AccountRoutes;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.softswitch.core.api.internal.ApiError;
import io.softswitch.core.api.internal.ApiException;
import io.softswitch.core.api.internal.AssociationRoutes;
import io.softswitch.core.api.internal.AuthTokenRoutes;
import io.softswitch.core.api.internal.AssociationRoutes.Link;
import io.softswitch.core.api.internal.CallRoutes;
import io.softswitch.core.api.internal.CrudRoutes;
import io.softswitch.core.api.internal.ErrorDocs;
import io.softswitch.core.api.internal.Json;
import io.softswitch.core.api.internal.NotificationRoutes;
import io.softswitch.core.api.internal.ProblemParams;
import io.softswitch.core.api.internal.RecordingRoutes;
import io.softswitch.core.api.internal.CallRecordingRoutes;
import io.softswitch.core.recording.Recordings;
import io.softswitch.core.api.internal.RequestChecks;
import io.softswitch.core.api.internal.Resources;
import io.softswitch.core.api.internal.Scopes;
import io.softswitch.core.call.LiveCalls;
import io.softswitch.core.security.ApiAuthGuard;
import io.softswitch.core.store.ProvisioningRejected;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.core.store.Rows;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the Twilio-shaped REST API on a Javalin app: HTTP Basic {@code AccountSid:AuthToken} on
 * every path under {@code /2010-04-01} and {@code /v1}, form-encoded requests, snake_case JSON,
 * Twilio error bodies. Auth tokens are compared in constant time and never logged.
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final List<String> API_PREFIXES = List.of("/2010-04-01/*", "/v1/*");
    /** The largest request body the API reads (Javalin's {@code maxRequestSize}), in bytes. */
    public static final long MAX_BODY_BYTES = 1_048_576;

    private ApiRoutes() {
    }

    /**
     * {@code POST /admin/reload}: re-reads the configuration file and applies its provisioning
     * block; 200 with {@code {"status":"applied"}}, or 400 listing every config problem (nothing is
     * applied then). Main account only: anyone else gets 404.
     */
    public static void mountAdmin(Javalin app, ProvisioningStore store, AdminActions actions) {
        mountAdmin(app, store, actions, ApiProtection.defaults());
    }

    /** {@link #mountAdmin(Javalin, ProvisioningStore, AdminActions)} with the daemon's throttle. */
    public static void mountAdmin(Javalin app, ProvisioningStore store, AdminActions actions, ApiProtection protection) {
        app.before("/admin/*", ctx -> {
            authenticate(ctx, store, protection.guard());
            Scopes.Caller caller = ctx.attribute(Scopes.CALLER);
            if (caller == null || !caller.main()) {
                throw ApiException.notFound(ctx.path());
            }
        });
        app.post("/admin/reload", ctx -> {
            AdminActions.ReloadResult r = actions.reload();
            if (r.applied()) {
                ctx.json(Map.of("status", "applied"));
            } else {
                ctx.status(400).json(Map.of("status", "rejected", "code", ApiError.CONFIG_REJECTED.code(),
                        "message", "configuration has problems; nothing was applied", "problems", r.problems()));
            }
        });
    }

    public static void mount(Javalin app, ProvisioningStore store) {
        mount(app, store, ApiProtection.defaults());
    }

    /** The API with the daemon's authentication throttle and SIP URL policy; recordings without audio. */
    public static void mount(Javalin app, ProvisioningStore store, ApiProtection protection) {
        mount(app, store, protection, null, new LiveCalls(), null);
    }

    /**
     * The API with the daemon's defences, its recordings ({@code .../Recordings/{Sid}.wav} serves their
     * files), its live calls ({@code Calls} lists, fetches and modifies them, issue 19) and
     * {@code POST Calls.json} served by {@code calls} when it is not null.
     */
    public static void mount(Javalin app, ProvisioningStore store, ApiProtection protection, Recordings recordings,
            LiveCalls liveCalls, CallMaker calls) {
        Rows rows = store.rows();
        Scopes scopes = new Scopes(rows);
        for (String prefix : API_PREFIXES) {
            app.before(prefix, ctx -> {
                authenticate(ctx, store, protection.guard());
                RequestChecks.check(ctx);
            });
        }
        app.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(Json.error(e, base(ctx))));
        // Javalin's own refusals (body too large, ...) in Twilio's shape instead of Javalin's.
        app.exception(HttpResponseException.class, (e, ctx) -> {
            ApiError error = switch (e.getStatus()) {
                case 401 -> ApiError.AUTHENTICATE;
                case 403 -> ApiError.FORBIDDEN;
                case 404 -> ApiError.NOT_FOUND;
                case 405 -> ApiError.METHOD_NOT_ALLOWED;
                case 413 -> ApiError.BODY_TOO_LARGE;
                default -> e.getStatus() >= 500 ? ApiError.INTERNAL : ApiError.MALFORMED_REQUEST;
            };
            String message = error == ApiError.BODY_TOO_LARGE
                    ? "the request body is larger than " + MAX_BODY_BYTES + " bytes" : e.getMessage();
            ApiException twilio = new ApiException(error.status(), error.code(), message);
            ctx.status(twilio.status()).json(Json.error(twilio, base(ctx)));
        });
        app.exception(ProvisioningRejected.class, (e, ctx) -> {
            Scopes.Caller caller = ctx.attribute(Scopes.CALLER);
            ApiException error = ProblemParams.error(e, p -> caller == null || caller.main() || p.subject() == null
                    || !p.list().equals("trunks") || rows.find("trunks", "sid = ? AND account_sid <> ?", p.subject(),
                            caller.sid()).isEmpty());
            LOG.info("api {} {} refused: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.status(error.status()).json(Json.error(error, base(ctx)));
        });
        app.exception(RuntimeException.class, (e, ctx) -> {
            LOG.error("api {} {}: {}", ctx.method(), ctx.path(), e.toString(), e);
            ApiException wrapped = new ApiException(ApiError.INTERNAL, "Internal server error");
            ctx.status(500).json(Json.error(wrapped, base(ctx)));
        });
        app.get("/docs/errors", ctx -> ctx.json(ErrorDocs.all()));
        app.get("/docs/errors/{code}", ctx -> ctx.json(ErrorDocs.one(ctx.pathParam("code"))));

        new AccountRoutes(store).register(app);
        Resources r = new Resources(rows, protection.targets());
        CrudRoutes crud = new CrudRoutes(store, scopes);
        String acct = "/2010-04-01/Accounts/{AccountSid}";
        crud.register(app, r.ipAccessControlLists(), acct + "/SIP/IpAccessControlLists.json",
                acct + "/SIP/IpAccessControlLists/{Sid}");
        crud.register(app, r.ipAddresses(), acct + "/SIP/IpAccessControlLists/{AclSid}/IpAddresses.json",
                acct + "/SIP/IpAccessControlLists/{AclSid}/IpAddresses/{Sid}");
        crud.register(app, r.credentialLists(), acct + "/SIP/CredentialLists.json", acct + "/SIP/CredentialLists/{Sid}");
        crud.register(app, r.credentials(), acct + "/SIP/CredentialLists/{ListSid}/Credentials.json",
                acct + "/SIP/CredentialLists/{ListSid}/Credentials/{Sid}");
        crud.register(app, r.incomingPhoneNumbers(), acct + "/IncomingPhoneNumbers.json",
                acct + "/IncomingPhoneNumbers/{Sid}");
        new CallRoutes(rows, scopes, liveCalls, calls, protection.targets()).register(app);
        new CallRecordingRoutes(rows, scopes, recordings).register(app);
        new NotificationRoutes(rows, scopes).register(app);

        crud.register(app, r.trunks(), "/v1/Trunks", "/v1/Trunks/{Sid}");
        crud.register(app, r.originationUrls(), "/v1/Trunks/{TrunkSid}/OriginationUrls",
                "/v1/Trunks/{TrunkSid}/OriginationUrls/{Sid}");
        new RecordingRoutes(store, scopes).register(app);
        AssociationRoutes links = new AssociationRoutes(store, scopes);
        links.register(app, new Link("/v1/Trunks/{TrunkSid}/IpAccessControlLists", "trunks", "TrunkSid", "trunk_sid",
                "trunk_ip_access_control_lists", "ip_access_control_lists", "IpAccessControlListSid", "AL",
                "ip_access_control_lists", false));
        links.register(app, new Link("/v1/Trunks/{TrunkSid}/CredentialLists", "trunks", "TrunkSid", "trunk_sid",
                "trunk_credential_lists", "credential_lists", "CredentialListSid", "CL", "credential_lists", false));
        links.register(app, new Link("/v1/Trunks/{TrunkSid}/PhoneNumbers", "trunks", "TrunkSid", "trunk_sid",
                null, "phone_numbers", "PhoneNumberSid", "PN", "phone_numbers", false, AssociationRoutes.PHONE_NUMBER));
        crud.register(app, r.carriers(), "/v1/Carriers", "/v1/Carriers/{Sid}");
        crud.register(app, r.gateways(), "/v1/Carriers/{CarrierSid}/Gateways", "/v1/Carriers/{CarrierSid}/Gateways/{Sid}");
        links.register(app, new Link("/v1/Carriers/{CarrierSid}/IpAccessControlLists", "carriers", "CarrierSid",
                "carrier_sid", "carrier_ip_access_control_lists", "ip_access_control_lists", "IpAccessControlListSid",
                "AL", "ip_access_control_lists", true));
        crud.register(app, r.routes(), "/v1/Routes", "/v1/Routes/{Sid}");
        new AuthTokenRoutes(store).register(app);
    }

    /**
     * The answer to a request no route took: under the API paths, {@code 405} (Twilio's 20004, with
     * {@code Allow}) when the path is served with other methods (PUT and PATCH always end here), else
     * {@code 404} (20404), both in Twilio's error JSON; elsewhere a plain JSON 404.
     */
    public static void unmatched(Javalin app, Context ctx) {
        String path = ctx.path();
        if (!path.startsWith("/2010-04-01/") && !path.startsWith("/v1/")) {
            ctx.status(404).contentType("application/json").result("{\"status\":404,\"message\":\"not found\"}");
            return;
        }
        List<String> allowed = new ArrayList<>();
        // Javalin 6 has no public lookup of the methods a path is served with; its router does.
        for (HandlerType m : List.of(HandlerType.GET, HandlerType.POST, HandlerType.DELETE)) {
            if (app.unsafeConfig().pvt.internalRouter.findHttpHandlerEntries(m, path).findAny().isPresent()) {
                allowed.add(m.name());
            }
        }
        ApiException e = allowed.isEmpty() ? ApiException.notFound(path)
                : new ApiException(ApiError.METHOD_NOT_ALLOWED, "Method " + ctx.method().name() + " not allowed on "
                        + ApiException.echo(path, ApiException.PATH_ECHO_LIMIT) + " (allowed: " + String.join(", ", allowed) + ")");
        if (!allowed.isEmpty()) {
            ctx.header("Allow", String.join(", ", allowed));
        }
        ctx.status(e.status()).json(Json.error(e, base(ctx)));
    }

    private static String base(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    /**
     * HTTP Basic against the stored token hashes; a source whose credentials keep failing is throttled
     * ({@link ApiAuthGuard}: {@code 429} + {@code Retry-After}, unchecked, while it backs off or is
     * blocked).
     */
    private static void authenticate(Context ctx, ProvisioningStore store, ApiAuthGuard guard) {
        if (ctx.attribute(Scopes.CALLER) != null) {
            return; // signed in through the web console's session (io.softswitch.core.console.Console)
        }
        String header = ctx.header("Authorization");
        String user = null;
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    user = decoded.substring(0, colon);
                    token = decoded.substring(colon + 1);
                }
            } catch (IllegalArgumentException e) {
                // malformed Base64: same answer as wrong credentials
            }
        }
        String source = ctx.ip();
        if (header != null && guard.admit(source) instanceof ApiAuthGuard.Verdict.Wait wait) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, (wait.retryAfter().toMillis() + 999) / 1000)));
            throw new ApiException(ApiError.TOO_MANY_REQUESTS, "Too Many Requests: too many failed authentications from this"
                    + " address");
        }
        if (user != null) {
            Map<String, Object> a = store.rows().find("accounts", "sid = ?", user).orElse(null);
            if (a != null && "active".equals(a.get("status")) && store.tokens().matches(a, token)) {
                guard.succeeded(source);
                ctx.attribute(Scopes.CALLER, new Scopes.Caller(user, a.get("owner_account_sid") == null));
                return;
            }
        }
        if (header != null) {
            guard.failed(source);
        }
        ctx.header("WWW-Authenticate", "Basic realm=\"softswitch\"");
        throw new ApiException(401, 20003, "Authenticate");
    }
}
