package io.softswitch.trunking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A new call from a PBX on {@code trunk}.
 *
 * @param trunk            the identified trunk's {@linkplain TrunkProfile#key() key}
 * @param calledUser       the Request-URI user (or a whole {@code tel:} URI)
 * @param callerCandidates caller ID sources in preference order: From user, P-Asserted-Identity
 *                         user, Remote-Party-ID user; blank entries are skipped
 */
public record TerminationRequest(String trunk, String calledUser, List<String> callerCandidates) {
    public TerminationRequest {
        Objects.requireNonNull(trunk, "trunk");
        Objects.requireNonNull(calledUser, "calledUser");
        List<String> kept = new ArrayList<>();
        for (String c : callerCandidates) {
            if (c != null && !c.isBlank()) {
                kept.add(c);
            }
        }
        callerCandidates = List.copyOf(kept);
    }

    /** A request with caller ID sources From, P-Asserted-Identity, Remote-Party-ID (each may be null). */
    public static TerminationRequest of(String trunk, String calledUser, String... callerCandidates) {
        return new TerminationRequest(trunk, calledUser, Arrays.asList(callerCandidates));
    }
}
