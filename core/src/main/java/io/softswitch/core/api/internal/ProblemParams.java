package io.softswitch.core.api.internal;

import io.softswitch.config.provisioning.ProvisioningProblem;
import io.softswitch.core.store.ProvisioningRejected;
import io.softswitch.trunking.SipTarget;
import java.util.List;
import java.util.Map;

/**
 * Turns the routing compile's problems with a write into Twilio's error: the API parameter each
 * names (the compile speaks the provisioning model's keys: {@code final_response_codes} is
 * {@code FinalResponseCodes}), its value and what was expected.
 */
public final class ProblemParams {
    private static final Map<String, String> PARAMS = Map.ofEntries(
            Map.entry("name", "FriendlyName"),
            Map.entry("days", "TimeWindowDays"),
            Map.entry("carrier", "CarrierSid"),
            Map.entry("trunk", "TrunkSid"),
            Map.entry("number", "PhoneNumber"),
            Map.entry("ip_acl", "IpAddress"),
            Map.entry("inbound_ips", "IpAddress"),
            Map.entry("normalization", "NumberNormalization"));

    private ProblemParams() {
    }

    /** The API parameter a problem is about, e.g. {@code FinalResponseCodes}. */
    public static String param(ProvisioningProblem p) {
        String field = p.field();
        String known = PARAMS.get(field);
        if (known != null) {
            return known;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : field.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    /**
     * {@code 400} naming every problem as {@code Param: value (expected: ...)}; {@link
     * ApiError#NOT_SUPPORTED_YET} when all are about features that do not exist yet, else {@link
     * ApiError#INVALID_PARAMETER}.
     */
    public static ApiException error(ProvisioningRejected rejected) {
        return error(rejected.problems());
    }

    /**
     * As {@link #error(ProvisioningRejected)}, with only the problems of resources the caller may
     * see ({@code visible}): a write that conflicts with another tenant's trunk is told about its
     * own entry, never the other tenant's (issue 22).
     */
    public static ApiException error(ProvisioningRejected rejected, java.util.function.Predicate<ProvisioningProblem> visible) {
        List<ProvisioningProblem> shown = rejected.problems().stream().filter(visible).toList();
        if (shown.isEmpty()) {
            return new ApiException(ApiError.INVALID_PARAMETER,
                    "the change conflicts with provisioning of another account (expected: a change that leaves it intact)");
        }
        return error(shown);
    }

    private static ApiException error(List<ProvisioningProblem> problems) {
        boolean unsupported = problems.stream().allMatch(p -> p.expected().equals(SipTarget.NO_TLS));
        String message = String.join("; ", problems.stream()
                .map(p -> param(p) + ": " + p.value() + " (expected: " + p.expected() + ")").toList());
        return new ApiException(unsupported ? ApiError.NOT_SUPPORTED_YET : ApiError.INVALID_PARAMETER, message);
    }
}
