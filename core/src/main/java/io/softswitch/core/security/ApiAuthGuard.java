package io.softswitch.core.security;

import io.softswitch.config.TenancyConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttles REST API authentication failures per source address (issue 22, finding 7: 300 wrong
 * tokens took 0.11 s, unlogged), the SIP source guard's idea applied to HTTP Basic. The first
 * {@link #FREE_FAILURES} consecutive failures from an address cost nothing (a mistyped token, then
 * the right one, is not delayed); from then on the k-th failure opens a back-off of
 * {@code backoff * 2^(k-FREE_FAILURES-1)} (at most {@code backoffMax}) during which its requests
 * carrying credentials are answered {@code 429} unchecked; {@code failuresBeforeBlock} consecutive failures block it for {@code block} (WARN once
 * per block). A success resets the count, so does a quiet {@code block}. Requests without
 * credentials are not counted (they get the {@code 401} challenge). At most {@link #MAX_SOURCES}
 * addresses are tracked; beyond, stale entries are dropped first. Thread-safe.
 */
public final class ApiAuthGuard {
    public static final int MAX_SOURCES = 100_000;
    /** Consecutive failures from one address before the back-off starts. */
    public static final int FREE_FAILURES = 2;
    private static final Logger LOG = LoggerFactory.getLogger("softswitch.security");

    private final int failuresBeforeBlock;
    private final long blockNanos;
    private final long backoffNanos;
    private final long backoffMaxNanos;
    private final LongSupplier clock;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    private final Runnable onBlock;

    /** What a source may do now. */
    public sealed interface Verdict {
        /** Check its credentials. */
        record Check() implements Verdict {
        }

        /** Answer 429 without checking; it may try again after {@code retryAfter}. */
        record Wait(Duration retryAfter, boolean blocked) implements Verdict {
        }
    }

    private static final Verdict CHECK = new Verdict.Check();

    private record Source(int failures, long lastFailure, long until, boolean blocked) {
    }

    public ApiAuthGuard(TenancyConfig c, Runnable onBlock) {
        this(c.apiAuthFailuresBeforeBlock(), c.apiAuthBlock(), c.apiAuthBackoff(), c.apiAuthBackoffMax(),
                System::nanoTime, onBlock);
    }

    public ApiAuthGuard(int failuresBeforeBlock, Duration block, Duration backoff, Duration backoffMax,
            LongSupplier nanoClock, Runnable onBlock) {
        this.failuresBeforeBlock = failuresBeforeBlock;
        this.blockNanos = block.toNanos();
        this.backoffNanos = backoff.toNanos();
        this.backoffMaxNanos = backoffMax.toNanos();
        this.clock = nanoClock;
        this.onBlock = onBlock;
    }

    /** Before checking the credentials of a request from {@code source}. */
    public Verdict admit(String source) {
        Source s = sources.get(source);
        long now = clock.getAsLong();
        if (s == null || now - s.until() >= 0) {
            return CHECK;
        }
        return new Verdict.Wait(Duration.ofNanos(s.until() - now), s.blocked());
    }

    /** The credentials of a request from {@code source} were wrong. */
    public void failed(String source) {
        long now = clock.getAsLong();
        if (sources.size() >= MAX_SOURCES) {
            sources.values().removeIf(s -> now - s.lastFailure() > blockNanos);
        }
        Source next = sources.compute(source, (k, s) -> {
            int failures = s == null || now - s.lastFailure() > blockNanos ? 1 : s.failures() + 1;
            if (failuresBeforeBlock > 0 && failures >= failuresBeforeBlock) {
                return new Source(0, now, now + blockNanos, true);
            }
            long wait = backoffNanos == 0 || failures <= FREE_FAILURES ? 0
                    : Math.min(backoffMaxNanos, backoffNanos << Math.min(30, failures - FREE_FAILURES - 1));
            return new Source(failures, now, now + wait, false);
        });
        if (next.blocked() && next.lastFailure() == now) {
            LOG.warn("REST API: {} blocked for {} s after {} failed authentications in a row", source,
                    Duration.ofNanos(blockNanos).toSeconds(), failuresBeforeBlock);
            onBlock.run();
        }
    }

    /** The credentials of a request from {@code source} were right. */
    public void succeeded(String source) {
        sources.remove(source);
    }
}
