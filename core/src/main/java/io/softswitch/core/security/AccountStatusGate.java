package io.softswitch.core.security;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Account;
import io.softswitch.config.provisioning.AccountStatus;
import io.softswitch.core.call.CallRouter;
import io.softswitch.core.call.Decision;
import io.softswitch.core.call.RoutePlan;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import io.softswitch.trunking.SnapshotHolder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Only an active account places and receives calls (issue 22, finding 3). Wraps the call router:
 * a call it routed for a {@code suspended} or {@code closed} account, either way (from the
 * account's trunk, or from a carrier to one of its numbers), gets {@code 403 Forbidden} and its
 * limits back. The check runs after authentication, so a stranger learns nothing about an
 * account's status. An account the snapshot does not list (provisioning without accounts, e.g. a
 * file-only setup) counts as active.
 *
 * <p>Same threading as {@link CallRouter}: pure, never blocks; the status map is rebuilt once per
 * snapshot.
 */
public final class AccountStatusGate implements CallRouter {
    private static final Logger LOG = LoggerFactory.getLogger(AccountStatusGate.class);

    private final CallRouter delegate;
    private final SnapshotHolder snapshots;
    private volatile Statuses statuses = new Statuses(null, Map.of());

    public AccountStatusGate(CallRouter delegate, SnapshotHolder snapshots) {
        this.delegate = delegate;
        this.snapshots = snapshots;
    }

    private record Statuses(Provisioning of, Map<String, AccountStatus> bySid) {
    }

    @Override
    public Decision route(SipRequest invite) {
        Decision d = delegate.route(invite);
        if (!(d instanceof Decision.Proceed proceed) || proceed.plan().accountSid() == null) {
            return d;
        }
        RoutePlan plan = proceed.plan();
        AccountStatus status = status(plan.accountSid());
        if (status == AccountStatus.ACTIVE) {
            return d;
        }
        plan.limits().close();
        LOG.info("{} call for account {} refused: the account is {}", plan.direction().twilioName(),
                plan.accountSid(), status.wire());
        return new Decision.Reject(SipStatus.FORBIDDEN, List.of(), plan.trunk());
    }

    private AccountStatus status(String accountSid) {
        Provisioning p = snapshots.current().provisioning();
        Statuses s = statuses;
        if (s.of() != p) {
            Map<String, AccountStatus> m = new HashMap<>();
            for (Account a : p.accounts()) {
                m.put(a.sid(), a.status());
            }
            s = new Statuses(p, Map.copyOf(m));
            statuses = s;
        }
        return s.bySid().getOrDefault(accountSid, AccountStatus.ACTIVE);
    }
}
