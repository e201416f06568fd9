package io.softswitch.trunking.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryCallLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InMemoryCallLimiter limiter = new InMemoryCallLimiter(nanos::get);

    private final LimitScope trunk = new LimitScope(LimitScope.TRUNK, "acme", 2, 2, 0);
    private final LimitScope account = new LimitScope(LimitScope.ACCOUNT, "AC1", 0, 1, 1);

    @Test
    void cpsAdmitsTheBurstThenRefusesUntilTokensRefill() {
        LimitScope s = new LimitScope(LimitScope.TRUNK, "acme", 2, 2, 0);
        assertThat(limiter.tryAcquire(List.of(s))).isInstanceOf(Admission.Admitted.class);
        assertThat(limiter.tryAcquire(List.of(s))).isInstanceOf(Admission.Admitted.class);
        Admission third = limiter.tryAcquire(List.of(s));
        assertThat(third).isEqualTo(new Admission.Refused(s, true));
        assertThat(((Admission.Refused) third).status().code()).isEqualTo(503);
        assertThat(((Admission.Refused) third).status().reason()).isEqualTo("Trunk CPS limit exceeded");
        nanos.addAndGet(500_000_000L); // one token at 2/s
        assertThat(limiter.tryAcquire(List.of(s))).isInstanceOf(Admission.Admitted.class);
        assertThat(limiter.tryAcquire(List.of(s))).isInstanceOf(Admission.Refused.class);
    }

    @Test
    void concurrencyLimitRefusesUntilAPermitIsReleased() {
        LimitScope s = new LimitScope(LimitScope.TRUNK, "acme", 0, 1, 2);
        Admission a = limiter.tryAcquire(List.of(s));
        Admission b = limiter.tryAcquire(List.of(s));
        Admission c = limiter.tryAcquire(List.of(s));
        assertThat(c).isEqualTo(new Admission.Refused(s, false));
        assertThat(((Admission.Refused) c).status().reason()).isEqualTo("Trunk concurrent call limit exceeded");
        ((Admission.Admitted) a).permit().release();
        ((Admission.Admitted) a).permit().release(); // idempotent
        assertThat(limiter.active(s)).isEqualTo(1);
        assertThat(limiter.tryAcquire(List.of(s))).isInstanceOf(Admission.Admitted.class);
        ((Admission.Admitted) b).permit().close();
        assertThat(limiter.active(s)).isEqualTo(1);
    }

    @Test
    void trunkIsCheckedBeforeTheAccountPool() {
        LimitScope fullTrunk = new LimitScope(LimitScope.TRUNK, "acme", 0, 1, 1);
        LimitScope fullAccount = new LimitScope(LimitScope.ACCOUNT, "AC1", 0, 1, 1);
        limiter.tryAcquire(List.of(fullTrunk, fullAccount));
        Admission refused = limiter.tryAcquire(List.of(fullTrunk, fullAccount));
        assertThat(((Admission.Refused) refused).scope()).isEqualTo(fullTrunk);
    }

    @Test
    void callRefusedByTheAccountConsumesNothingOnTheTrunk() {
        Admission first = limiter.tryAcquire(List.of(trunk, account)); // takes the account's only slot
        assertThat(first).isInstanceOf(Admission.Admitted.class);
        Admission refused = limiter.tryAcquire(List.of(trunk, account));
        assertThat(refused).isEqualTo(new Admission.Refused(account, false));
        // the trunk token of the refused call was given back: one token is still left of the burst of 2
        assertThat(limiter.active(trunk)).isEqualTo(1); // only the admitted call is counted
        ((Admission.Admitted) first).permit().release();
        assertThat(limiter.tryAcquire(List.of(trunk, account))).isInstanceOf(Admission.Admitted.class);
        assertThat(limiter.tryAcquire(List.of(trunk))).isInstanceOf(Admission.Refused.class);
    }

    @Test
    void refusedCallReleasesConcurrencyTakenOnEarlierScopes() {
        LimitScope t = new LimitScope(LimitScope.TRUNK, "acme", 0, 1, 5);
        LimitScope a = new LimitScope(LimitScope.ACCOUNT, "AC1", 0, 1, 1);
        limiter.tryAcquire(List.of(t, a));
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire(List.of(t, a))).isInstanceOf(Admission.Refused.class);
        }
        assertThat(limiter.active(t)).isEqualTo(1);
    }

    @Test
    void unlimitedScopesAlwaysAdmit() {
        LimitScope free = LimitScope.of(LimitScope.CARRIER, "sim", 0, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire(List.of(free))).isInstanceOf(Admission.Admitted.class);
        }
    }

    @Test
    void newLimitsApplyWithoutLosingTheCount() {
        LimitScope two = new LimitScope(LimitScope.TRUNK, "acme", 0, 1, 2);
        LimitScope one = new LimitScope(LimitScope.TRUNK, "acme", 0, 1, 1);
        limiter.tryAcquire(List.of(two));
        assertThat(limiter.tryAcquire(List.of(one))).isInstanceOf(Admission.Refused.class);
    }
}
