package io.softswitch.core.api.internal;

import static io.softswitch.core.api.internal.Param.of;

import io.softswitch.config.provisioning.Carrier;
import io.softswitch.core.security.TargetPolicy;
import io.softswitch.core.store.Digest;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.internal.TableProvisioningReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every table-backed resource of the API, with Twilio's parameter names, defaults and rules, and
 * our own fields. A field whose behaviour does not exist yet accepts only its inert value.
 */
public final class Resources {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,15}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern CODES = Pattern.compile("[0-9A-Za-z]{1,8}(,[0-9A-Za-z]{1,8})*");

    private final Rows rows;
    private final TargetPolicy targets;

    public Resources(Rows rows) {
        this(rows, TargetPolicy.PERMISSIVE);
    }

    /** @param targets where origination and gateway URLs may point (issue 22) */
    public Resources(Rows rows, TargetPolicy targets) {
        this.rows = rows;
        this.targets = targets;
    }

    /** Refuses a SIP URL the {@link TargetPolicy} does not allow, with 400 naming the field. */
    private ResourceSpec.WriteHook sipUrlPolicy() {
        return (scope, parent, values, existing) -> {
            Object url = values.get("sip_url");
            if (url != null) {
                targets.refusal(url.toString()).ifPresent(why -> {
                    throw ApiException.invalid("SipUrl", url.toString(), why);
                });
            }
        };
    }

    public ResourceSpec trunks() {
        List<Param> params = List.of(
                of("FriendlyName", "friendly_name", Parser.text(64)),
                of("DomainName", "domain_name", Parser.hostname()),
                of("DisasterRecoveryUrl", "disaster_recovery_url", Parser.httpUrl()),
                of("DisasterRecoveryMethod", "disaster_recovery_method", Parser.httpMethod()).dflt("POST"),
                of("TransferMode", "transfer_mode", Parser.onlySupported("disable-all", "REFER is not implemented",
                        "disable-all", "enable-all", "sip-only")).dflt("disable-all"),
                of("TransferCallerId", "transfer_caller_id", Parser.oneOf("from-transferee", "from-transferor"))
                        .dflt("from-transferee"),
                // Twilio Secure trunking: the PBX must arrive over TLS (else 403) and offer SRTP (else 488);
                // origination to its PBX uses TLS and SRTP (the call engine's TrunkSecurity).
                of("Secure", "secure", Parser.bool()).dflt(false),
                of("CnamLookupEnabled", "cnam_lookup_enabled", Parser.falseOnly("CNAM lookup is not implemented"))
                        .dflt(false),
                of("SymmetricRtpEnabled", "symmetric_rtp_enabled", Parser.bool()).dflt(false),
                of("NumberNormalization", "number_normalization", Parser.oneOf("strict", "normalize")).dflt("strict"),
                // Shape only: which regions have a numbering plan is the routing compile's rule.
                of("DefaultRegion", "default_region", (p, raw) -> ((String) Parser.textOrEmpty(2, REGION,
                        "two letters, an ISO 3166 region like US").parse(p, raw)).toUpperCase(java.util.Locale.ROOT)),
                of("CpsLimit", "cps_limit", Parser.integer(0, 100_000)).dflt(0),
                of("ConcurrentCallLimit", "concurrent_call_limit", Parser.integer(0, 1_000_000)).dflt(0),
                of("CallerIdMustBeOwned", "caller_id_must_be_owned", Parser.bool()).dflt(false));
        ResourceSpec.WriteHook hook = (scope, parent, values, existing) -> {
            values.put("recording_mode", existing == null ? "do-not-record" : existing.get("recording_mode"));
            values.put("recording_trim", existing == null ? "do-not-trim" : existing.get("recording_trim"));
            Object norm = values.getOrDefault("number_normalization",
                    existing == null ? "strict" : existing.get("number_normalization"));
            Object region = values.containsKey("default_region") ? values.get("default_region")
                    : existing == null ? null : existing.get("default_region");
            if ("".equals(region)) {
                values.put("default_region", null);
                region = null;
            }
            if ("normalize".equals(norm) && region == null) {
                throw ApiException.missing("DefaultRegion (required with NumberNormalization=normalize)");
            }
        };
        ResourceSpec.Decorator deco = (scope, row, json, self) -> {
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("mode", json.remove("recording_mode"));
            rec.put("trim", json.remove("recording_trim"));
            json.put("recording", rec);
            String sid = (String) row.get("sid");
            // one indexed query for both associations (it was two per rendered trunk)
            Map<String, Object> n = rows.select("SELECT (SELECT COUNT(*) FROM trunk_ip_access_control_lists"
                    + " WHERE trunk_sid = ?) AS acls, (SELECT COUNT(*) FROM trunk_credential_lists WHERE trunk_sid = ?)"
                    + " AS creds", sid, sid).get(0);
            boolean acl = ((Number) n.get("acls")).longValue() > 0;
            boolean cred = ((Number) n.get("creds")).longValue() > 0;
            List<String> types = acl && cred ? List.of("IP_ACL", "CREDENTIAL_LIST")
                    : acl ? List.of("IP_ACL") : cred ? List.of("CREDENTIAL_LIST") : List.of();
            json.put("auth_type", String.join(",", types));
            json.put("auth_type_set", types);
            Map<String, Object> links = new LinkedHashMap<>();
            links.put("origination_urls", self + "/OriginationUrls");
            links.put("credential_lists", self + "/CredentialLists");
            links.put("ip_access_control_lists", self + "/IpAccessControlLists");
            links.put("phone_numbers", self + "/PhoneNumbers");
            links.put("recording", self + "/Recording");
            json.put("links", links);
        };
        return new ResourceSpec("trunks", "TK", "trunks", true, params, null, null, null, false, 0,
                Set.of("called_rewrites", "calling_rewrites"), Map.of(), hook, deco);
    }

    public ResourceSpec originationUrls() {
        List<Param> params = List.of(
                of("FriendlyName", "friendly_name", Parser.text(64)).required(),
                of("SipUrl", "sip_url", Parser.sipUrl()).required(),
                of("Priority", "priority", Parser.integer(0, 65535)).required(),
                of("Weight", "weight", Parser.integer(1, 65535)).required(),
                of("Enabled", "enabled", Parser.bool()).required());
        return new ResourceSpec("origination_urls", "OU", "origination_urls", true, params, "trunks", "trunk_sid",
                "TrunkSid", false, 10, Set.of(), Map.of(), sipUrlPolicy(), ResourceSpec.NO_DECORATION);
    }

    public ResourceSpec ipAccessControlLists() {
        List<Param> params = List.of(of("FriendlyName", "friendly_name", Parser.text(255)).required());
        ResourceSpec.Decorator deco = (scope, row, json, self) -> json.put("subresource_uris",
                Map.of("ip_addresses", self.replace(".json", "/IpAddresses.json")));
        return new ResourceSpec("ip_access_control_lists", "AL", "ip_access_control_lists", false, params, null, null,
                null, false, 0, Set.of(), Map.of(), ResourceSpec.NO_HOOK, deco);
    }

    public ResourceSpec ipAddresses() {
        List<Param> params = List.of(
                of("FriendlyName", "friendly_name", Parser.text(255)).required(),
                of("IpAddress", "ip_address", Parser.ipv4()).required(),
                of("CidrPrefixLength", "cidr_prefix_length", Parser.integer(8, 32)).dflt(32));
        return new ResourceSpec("ip_addresses", "IP", "ip_addresses", false, params, "ip_access_control_lists",
                "ip_access_control_list_sid", "AclSid", false, 100, Set.of(), Map.of(), ResourceSpec.NO_HOOK,
                ResourceSpec.NO_DECORATION);
    }

    public ResourceSpec credentialLists() {
        List<Param> params = List.of(of("FriendlyName", "friendly_name", Parser.text(64)).required());
        ResourceSpec.Decorator deco = (scope, row, json, self) -> json.put("subresource_uris",
                Map.of("credentials", self.replace(".json", "/Credentials.json")));
        return new ResourceSpec("credential_lists", "CL", "credential_lists", false, params, null, null, null, false,
                0, Set.of(), Map.of(), ResourceSpec.NO_HOOK, deco);
    }

    /** Twilio's rules: username at most 32 characters; password at least 12, a digit, upper and lower case. */
    public ResourceSpec credentials() {
        Parser password = (p, raw) -> {
            if (raw.length() < 12 || raw.length() > 128 || !raw.matches(".*[0-9].*") || !raw.matches(".*[a-z].*")
                    || !raw.matches(".*[A-Z].*")) {
                throw new ApiException(ApiError.INVALID_PARAMETER, p + ": (hidden) (expected: 12-128 characters with at least one"
                        + " digit, one lower-case and one upper-case letter)");
            }
            return raw;
        };
        List<Param> params = List.of(
                of("Username", "username", Parser.text(32)).required().createOnly(),
                of("Password", "password", password).required());
        ResourceSpec.WriteHook hook = (scope, parent, values, existing) -> {
            Object pw = values.remove("password");
            if (pw != null) {
                String user = existing == null ? (String) values.get("username") : (String) existing.get("username");
                // Realm = account SID: see io.softswitch.core.store.Digest.
                values.put("ha1_md5", Digest.ha1Md5(user, scope.accountSid(), (String) pw));
                values.put("ha1_sha256", Digest.ha1Sha256(user, scope.accountSid(), (String) pw));
            }
        };
        return new ResourceSpec("credentials", "CR", "credentials", false, params, "credential_lists",
                "credential_list_sid", "ListSid", false, 1000, Set.of("ha1_md5", "ha1_sha256"), Map.of(), hook,
                ResourceSpec.NO_DECORATION);
    }

    /**
     * Twilio's IncomingPhoneNumber. The switch routes a number to its trunk, or without a trunk to the
     * TwiML application at its VoiceUrl; the SMS, application, address and
     * regulatory parameters have no behaviour yet and are refused, naming the missing feature; the
     * inert ones accept only the value the switch behaves as.
     */
    public ResourceSpec incomingPhoneNumbers() {
        String webhooks = "the switch does not call SMS webhooks or applications yet; use VoiceUrl or TrunkSid";
        List<Param> params = new java.util.ArrayList<>(List.of(
                of("PhoneNumber", "phone_number", Parser.e164()).required().createOnly(),
                of("FriendlyName", "friendly_name", Parser.text(64)),
                of("TrunkSid", "trunk_sid", Parser.sid("TK")),
                Param.inert("ApiVersion", Parser.onlySupported("2010-04-01", "webhooks are not implemented",
                        "2010-04-01", "2008-08-01")),
                Param.inert("VoiceReceiveMode", Parser.onlySupported("voice", "fax is not implemented", "voice", "fax")),
                Param.inert("VoiceCallerIdLookup", Parser.falseOnly("caller name lookup (CNAM) is not implemented")),
                Param.inert("EmergencyStatus", Parser.onlySupported("inactive",
                        "emergency calling registration is not implemented", "active", "inactive")),
                Param.inert("EmergencyAddressSid", Parser.notYet("emergency addresses are not implemented")),
                Param.inert("AddressSid", Parser.notYet("addresses are not implemented")),
                Param.inert("IdentitySid", Parser.notYet("regulatory identities are not implemented")),
                Param.inert("BundleSid", Parser.notYet("regulatory bundles are not implemented")),
                Param.inert("AreaCode", Parser.notYet("numbers are taken from the operator's inventory; give PhoneNumber")),
                // Moves the number (main account only): see NumberInventory.
                of("AccountSid", "account_sid", Parser.sid("AC")),
                // Programmable voice (issue 18): without a trunk, a VoiceUrl answers the number's calls.
                of("VoiceUrl", "voice_url", Parser.httpUrl()),
                of("VoiceMethod", "voice_method", Parser.httpMethod()),
                of("VoiceFallbackUrl", "voice_fallback_url", Parser.httpUrl()),
                of("VoiceFallbackMethod", "voice_fallback_method", Parser.httpMethod()),
                of("StatusCallback", "status_callback", Parser.httpUrl()),
                of("StatusCallbackMethod", "status_callback_method", Parser.httpMethod())));
        for (String name : List.of("VoiceApplicationSid", "SmsUrl", "SmsMethod", "SmsFallbackUrl", "SmsFallbackMethod",
                "SmsApplicationSid")) {
            params.add(Param.inert(name, Parser.notYet(webhooks)));
        }
        NumberInventory inventory = new NumberInventory(rows);
        ResourceSpec.WriteHook hook = new ResourceSpec.ReleasingHook() {
            @Override
            public void beforeWrite(Scope scope, String parent, Map<String, Object> values,
                    Map<String, Object> existing) {
                inventory.beforeWrite(scope, values, existing);
                numberHook(scope, values, existing);
            }

            @Override
            public boolean release(Scope scope, Map<String, Object> existing) {
                return inventory.release(scope, existing);
            }
        };
        ResourceSpec.Decorator deco = (scope, row, json, self) -> PhoneNumberFields.decorate(row, json);
        return new ResourceSpec("phone_numbers", "PN", "incoming_phone_numbers", false, List.copyOf(params), null, null,
                null, false, 0, Set.of(), Map.of("FriendlyName", "friendly_name"), hook, deco)
                .withListFilter(Resources::phoneNumberFilters);
    }

    /**
     * Twilio's IncomingPhoneNumbers filters: {@code PhoneNumber} matches anywhere in the number, with
     * {@code *} for any one digit (formatting characters are ignored); {@code Origin} {@code hosted}
     * (every number here) or {@code twilio} (none); {@code Beta} (no number here is beta).
     */
    static void phoneNumberFilters(java.util.function.Function<String, String> q, StringBuilder where, List<Object> args) {
        String number = q.apply("PhoneNumber");
        if (number != null) {
            String digits = number.replaceAll("[\\s().-]", "");
            if (!digits.matches("\\+?[0-9*]{1,16}")) {
                throw ApiException.invalid("PhoneNumber", number, "digits of a number, * for any digit, e.g. +1415*******");
            }
            where.append(" AND phone_number LIKE ?");
            args.add("%" + digits.replace('*', '_') + "%");
        }
        String origin = q.apply("Origin");
        if (origin != null) {
            if ("twilio".equals(Parser.oneOf("twilio", "hosted").parse("Origin", origin))) {
                where.append(" AND 1 = 0");
            }
        }
        String beta = q.apply("Beta");
        if (beta != null) {
            Parser.bool().parse("Beta", beta);
        }
    }

    private void numberHook(Scope scope, Map<String, Object> values, Map<String, Object> existing) {
        Object trunk = values.get("trunk_sid");
        if (trunk != null && rows.find("trunks", "sid = ? AND account_sid = ?", trunk, scope.accountSid()).isEmpty()) {
            throw ApiException.invalid("TrunkSid", trunk.toString(), "a trunk of account " + scope.accountSid());
        }
        if (existing == null && values.get("friendly_name") == null) {
            values.put("friendly_name", values.get("phone_number"));
        }
    }

    public ResourceSpec carriers() {
        List<Param> params = List.of(
                of("FriendlyName", "friendly_name", Parser.text(64)).required(),
                of("Type", "type", Parser.oneOf("sip", "simulator")).dflt("sip"),
                of("NumberFormat", "number_format", Parser.oneOf("e164", "e164-without-plus", "national")).dflt("e164"),
                // Shape only here; the characters allowed are the routing compile's rule.
                of("TechPrefix", "tech_prefix", Parser.textOrEmpty(64, null, "at most 64 characters")).dflt(""),
                of("Username", "username", Parser.textOrEmpty(64, null, "at most 64 characters")).dflt(""),
                of("Password", "password", Parser.textOrEmpty(128, null, "at most 128 characters")).dflt(""),
                of("CpsLimit", "cps_limit", Parser.integer(0, 100_000)).dflt(0),
                of("ConcurrentCallLimit", "concurrent_call_limit", Parser.integer(0, 1_000_000)).dflt(0),
                of("ProbeIntervalSeconds", "probe_interval_seconds", Parser.integer(0, 3600)).dflt(0),
                of("FailoverTimeoutMs", "failover_timeout_ms", Parser.integer(100, 60_000))
                        .dflt(Carrier.DEFAULT_FAILOVER_TIMEOUT_MS),
                // Shape only (a comma-separated list); which codes may be final is the routing compile's rule.
                of("FinalResponseCodes", "final_response_codes", (p, raw) -> {
                    String v = raw.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
                    if (!v.isEmpty() && !CODES.matcher(v).matches()) {
                        throw ApiException.invalid(p, raw, "a comma-separated list of SIP codes or classes, e.g. 486,6xx");
                    }
                    return v;
                }).dflt(String.join(",", Carrier.DEFAULT_FINAL_RESPONSE_CODES)),
                of("MediaEncryption", "media_encryption", Parser.oneOf("none", "sdes")).dflt("none"));
        ResourceSpec.Decorator deco = (scope, row, json, self) -> {
            json.put("final_response_codes", List.of(((String) row.get("final_response_codes")).split(",")));
            json.put("password_set", !((String) row.get("password")).isEmpty());
            json.put("links", Map.of("gateways", self + "/Gateways", "ip_access_control_lists",
                    self + "/IpAccessControlLists"));
        };
        return new ResourceSpec("carriers", "BY", "carriers", true, params, null, null, null, true, 0,
                Set.of("password", "called_rewrites", "calling_rewrites"), Map.of(), ResourceSpec.NO_HOOK, deco);
    }

    public ResourceSpec gateways() {
        List<Param> params = List.of(
                of("FriendlyName", "friendly_name", Parser.text(64)),
                of("SipUrl", "sip_url", Parser.sipUrl()).required(),
                of("Priority", "priority", Parser.integer(0, 65535)).dflt(10),
                of("Weight", "weight", Parser.integer(1, 65535)).dflt(10),
                of("Enabled", "enabled", Parser.bool()).dflt(true));
        return new ResourceSpec("gateways", "GW", "gateways", true, params, "carriers", "carrier_sid", "CarrierSid",
                true, 100, Set.of(), Map.of(), sipUrlPolicy(), ResourceSpec.NO_DECORATION);
    }

    public ResourceSpec routes() {
        List<Param> params = List.of(
                of("FriendlyName", "friendly_name", Parser.text(64)).required(),
                of("Prefix", "prefix", Parser.textOrEmpty(15, DIGITS, "E.164 digits without +, at most 15; empty = default route"))
                        .dflt(""),
                of("CarrierSid", "carrier_sid", Parser.sid("BY")),
                of("Priority", "priority", Parser.integer(0, 65535)).dflt(10),
                of("Weight", "weight", Parser.integer(1, 65535)).dflt(10),
                of("TrunkSid", "trunk_sid", Parser.sid("TK")),
                of("Action", "action", Parser.oneOf("route", "block")).dflt("route"),
                of("TimeWindowDays", "time_window_days", (p, raw) -> {
                    try {
                        TableProvisioningReader.days(raw);
                        return raw.isEmpty() ? null : raw.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
                    } catch (IllegalArgumentException e) {
                        throw ApiException.invalid(p, raw, "comma-separated days, each " + io.softswitch.config.provisioning.TimeWindow.DAY_NAMES);
                    }
                }),
                of("TimeWindowStart", "time_window_start", Parser.hhmm()),
                of("TimeWindowEnd", "time_window_end", Parser.hhmm()),
                of("TimeWindowZone", "time_window_zone", Parser.zone()));
        ResourceSpec.WriteHook hook = (scope, parent, values, existing) -> {
            Map<String, Object> merged = new LinkedHashMap<>();
            if (existing != null) {
                merged.putAll(existing);
            }
            merged.putAll(values);
            Object carrier = merged.get("carrier_sid");
            if (carrier != null && rows.find("carriers", "sid = ?", carrier).isEmpty()) {
                throw ApiException.invalid("CarrierSid", carrier.toString(), "the SID of an existing carrier");
            }
            if ("route".equals(merged.get("action")) && carrier == null) {
                throw ApiException.missing("CarrierSid (required with Action=route)");
            }
            Object trunk = merged.get("trunk_sid");
            if (trunk != null && rows.find("trunks", "sid = ?", trunk).isEmpty()) {
                throw ApiException.invalid("TrunkSid", trunk.toString(), "the SID of an existing trunk");
            }
            boolean start = merged.get("time_window_start") != null;
            boolean end = merged.get("time_window_end") != null;
            if (start != end || (start && merged.get("time_window_zone") == null)) {
                throw ApiException.invalid("TimeWindowStart", String.valueOf(merged.get("time_window_start")),
                        "TimeWindowStart, TimeWindowEnd and TimeWindowZone together, or none of them");
            }
        };
        return new ResourceSpec("routes", "RT", "routes", true, params, null, null, null, true, 0, Set.of(),
                Map.of("Prefix", "prefix", "CarrierSid", "carrier_sid"), hook, ResourceSpec.NO_DECORATION);
    }
}
