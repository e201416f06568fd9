package io.softswitch.core.console;

import static io.softswitch.core.console.Html.esc;

import io.javalin.http.Context;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.trunking.Attempt;
import io.softswitch.trunking.RouteDecision;
import io.softswitch.trunking.Router;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.SnapshotHolder;
import io.softswitch.trunking.TerminationRequest;
import io.softswitch.trunking.TrunkProfile;
import io.softswitch.trunking.health.GatewayStatus;
import io.softswitch.trunking.limit.InMemoryCallLimiter;
import java.time.Clock;
import java.util.List;

/**
 * {@code /console/routing}: the {@code softswitch route} dry run in the browser, over the store's
 * current provisioning (what calls use now). As in the CLI, every gateway counts as up and no limit
 * applies. A subaccount user picks among its own trunks only.
 */
final class RoutingPage {
    private final ProvisioningStore store;

    RoutingPage(ProvisioningStore store) {
        this.store = store;
    }

    String render(Context ctx, String accountSid) {
        RoutingSnapshot snapshot = RoutingSnapshot.build(store.current());
        List<TrunkProfile> trunks = snapshot.provisioning().trunks().stream()
                .map(t -> snapshot.trunk(t.key()).orElse(null))
                .filter(t -> t != null && (accountSid == null || accountSid.equals(t.trunk().accountSid())))
                .toList();
        String trunk = ctx.queryParam("trunk");
        String number = ctx.queryParam("number");
        String from = ctx.queryParam("from");
        StringBuilder options = new StringBuilder();
        for (TrunkProfile t : trunks) {
            options.append("<option").append(t.key().equals(trunk) ? " selected" : "").append(" value=\"")
                    .append(esc(t.key())).append("\">").append(esc(t.name())).append("</option>");
        }
        StringBuilder b = new StringBuilder("<form method=\"get\" action=\"/console/routing\" class=\"card\" id=\"dry-run\">")
                .append("<div class=\"field\"><label for=\"trunk\">Trunk</label><select id=\"trunk\" name=\"trunk\">")
                .append(options).append("</select></div>")
                .append("<div class=\"field\"><label for=\"number\">Dialed number</label><input id=\"number\" name=\"number\" value=\"")
                .append(esc(number)).append("\" required></div>")
                .append("<div class=\"field\"><label for=\"from\">Caller ID (optional)</label><input id=\"from\" name=\"from\" value=\"")
                .append(esc(from)).append("\"></div><button type=\"submit\">Route</button></form>");
        if (number == null || number.isBlank() || trunk == null) {
            return b.append("<p class=\"note\">Every gateway counts as up and no limit applies, as with"
                    + " <code>softswitch route</code>.</p>").toString();
        }
        if (trunks.stream().noneMatch(t -> t.key().equals(trunk))) {
            return b.append("<p class=\"form-error\" role=\"alert\">trunk: ").append(esc(trunk))
                    .append(" (expected: one of the trunks listed)</p>").toString();
        }
        Router router = new Router(new SnapshotHolder(snapshot), GatewayStatus.ALL_UP, new InMemoryCallLimiter(),
                Clock.systemUTC());
        RouteDecision d = router.terminate(TerminationRequest.of(trunk, number.strip(),
                from == null || from.isBlank() ? null : from.strip()));
        b.append("<section class=\"card\" id=\"decision\" aria-live=\"polite\"><h2>Decision</h2>");
        if (d instanceof RouteDecision.Rejected r) {
            return b.append("<p><strong>Rejected: ").append(r.status().code()).append(' ').append(esc(r.status().reason()))
                    .append("</strong></p><p>").append(esc(r.detail())).append("</p></section>").toString();
        }
        RouteDecision.Routed routed = (RouteDecision.Routed) d;
        b.append("<dl class=\"detail\"><dt>Called</dt><dd>").append(esc(routed.calledNumber())).append("</dd>");
        if (routed.callingNumber() != null) {
            b.append("<dt>Calling</dt><dd>").append(esc(routed.callingNumber())).append("</dd>");
        }
        b.append("<dt>Prefix</dt><dd>").append(routed.matchedPrefix().isEmpty() ? "(default route)" : esc(routed.matchedPrefix()))
                .append("</dd></dl><ol>");
        for (Attempt a : routed.attempts()) {
            String carrier = snapshot.carrier(a.carrier()).map(c -> c.name()).orElse(a.carrier());
            String gateway = snapshot.carrier(a.carrier()).flatMap(c -> c.carrier().gateways().stream()
                    .filter(g -> a.target().equals(g.key())).findFirst()).map(g -> g.name() == null ? g.sipUrl() : g.name())
                    .orElse(a.target());
            b.append("<li>").append(esc(carrier)).append(" / ").append(esc(gateway)).append(" <code>")
                    .append(esc(a.address())).append("</code> user=").append(esc(a.calledUser()))
                    .append(" timeout=").append(a.failover().attemptTimeoutMs()).append(" ms</li>");
        }
        return b.append("</ol></section>").toString();
    }
}
