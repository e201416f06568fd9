package io.softswitch.core.call;

import java.util.List;

/**
 * What to do with an admitted call: try the attempts in order. {@code release} gives back the
 * limits acquired for it and runs exactly once, on whichever path the call ends.
 */
public record RoutePlan(Direction direction, String accountSid, String trunk, String from, String to,
        boolean symmetricRtp, List<Attempt> attempts, Runnable release) {
    public RoutePlan {
        attempts = List.copyOf(attempts);
    }
}
