package io.softswitch.core.api.spec;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * THE list of Twilio parameters (or values) the switch refuses on purpose, each with its reason. A
 * refusal is a {@code 400} whose message names the parameter. {@link SpecConformanceTest} fails on a
 * refusal missing here, and on an entry here that no request triggered (a stale excuse).
 */
final class Refusals {
    /** {@code family} is the operation's resource (the operationId without Create/Update). */
    record Refusal(String family, String param, Predicate<String> values, String valuesText, String reason) {
    }

    private static final String WEBHOOKS = "the switch calls no SMS webhooks or applications yet; a number routes to its trunk or VoiceUrl";

    static final List<Refusal> ALL = List.of(
            only("Trunk", "CnamLookupEnabled", "true", "CNAM lookup is not implemented"),
            values("Trunk", "TransferMode", List.of("enable-all", "sip-only"), "SIP REFER transfers are not implemented"),
            new Refusal("OriginationUrl", "SipUrl", v -> v.startsWith("sip://"), "sip://...",
                    "the spec's example sip://host is no SIP URI (RFC 3261 section 19.1: sip:host)"),
            only("SipCredential", "Password", "password",
                    "the spec's example breaks Twilio's own rule (12+ characters with a digit, upper and lower case)"),
            only("Account", "Status", "1", "a numeric Status is not documented; active, suspended and closed are"),
            any("IncomingPhoneNumber", "VoiceApplicationSid", WEBHOOKS),
            any("IncomingPhoneNumber", "SmsUrl", WEBHOOKS),
            any("IncomingPhoneNumber", "SmsMethod", WEBHOOKS),
            any("IncomingPhoneNumber", "SmsFallbackUrl", WEBHOOKS),
            any("IncomingPhoneNumber", "SmsFallbackMethod", WEBHOOKS),
            any("IncomingPhoneNumber", "SmsApplicationSid", WEBHOOKS),
            any("IncomingPhoneNumber", "EmergencyAddressSid", "emergency addresses are not implemented"),
            any("IncomingPhoneNumber", "AddressSid", "addresses are not implemented"),
            any("IncomingPhoneNumber", "IdentitySid", "regulatory identities are not implemented"),
            any("IncomingPhoneNumber", "BundleSid", "regulatory bundles are not implemented"),
            any("IncomingPhoneNumber", "AreaCode", "numbers are taken from the operator's inventory by PhoneNumber"),
            any("IncomingPhoneNumber", "AccountSid",
                    "moves a number to the main account or one of its subaccounts only; the spec's example SID is neither"),
            new Refusal("IncomingPhoneNumber", "ApiVersion", v -> !v.equals("2010-04-01"), "not 2010-04-01",
                    "webhooks do not exist, so only the current API version is meaningful"),
            only("IncomingPhoneNumber", "VoiceReceiveMode", "fax", "fax is not implemented"),
            only("IncomingPhoneNumber", "VoiceCallerIdLookup", "true", "caller name lookup (CNAM) is not implemented"),
            only("IncomingPhoneNumber", "EmergencyStatus", "Active", "emergency calling registration is not implemented"));

    /** Parameters Twilio never returns: honoured without a field to compare. */
    static final List<String> WRITE_ONLY = List.of("Password");

    private Refusals() {
    }

    static Optional<Refusal> find(String family, String param, String value) {
        return ALL.stream().filter(r -> r.family().equals(family) && r.param().equals(param) && r.values().test(value))
                .findFirst();
    }

    private static Refusal any(String family, String param, String reason) {
        return new Refusal(family, param, v -> true, "any", reason);
    }

    private static Refusal only(String family, String param, String value, String reason) {
        return new Refusal(family, param, value::equalsIgnoreCase, value, reason);
    }

    private static Refusal values(String family, String param, List<String> values, String reason) {
        return new Refusal(family, param, values::contains, String.join(", ", values), reason);
    }
}
