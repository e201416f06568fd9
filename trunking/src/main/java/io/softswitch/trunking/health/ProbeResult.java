package io.softswitch.trunking.health;

import java.time.Duration;
import java.util.Objects;

/** The outcome of one health probe (an OPTIONS request) to a gateway. */
public sealed interface ProbeResult {

    /**
     * A final response. {@code 503} counts as a failure and its {@code Retry-After} (RFC 3261
     * section 20.33; {@link Duration#ZERO} when absent) holds the gateway down that long; {@code 408}
     * counts as a failure; any other code proves the gateway alive.
     */
    record Reply(int status, Duration latency, Duration retryAfter) implements ProbeResult {
        public Reply {
            if (status < 200 || status > 699) {
                throw new IllegalArgumentException("status: " + status + " (expected: a final response code 200-699)");
            }
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public Reply(int status, Duration latency) {
            this(status, latency, Duration.ZERO);
        }
    }

    /** No response within the probe timer. */
    record Timeout() implements ProbeResult {
    }

    /** The request could not be sent (ICMP unreachable, connection refused, TLS failure...). */
    record TransportError(String detail) implements ProbeResult {
    }

    default boolean isFailure() {
        return !(this instanceof Reply r) || r.status() == 503 || r.status() == 408;
    }
}
