package io.softswitch.core.console;

import java.util.List;

/**
 * A console page for one API resource: its list read from the store, a create form and per-row
 * forms and delete buttons that post to the REST API itself (so one set of rules, and the API's
 * error is what the form shows). {@code {account}} in {@code api} stands for the user's account SID.
 *
 * @param table     store table listed (rows of the user's account)
 * @param api       the API collection path (2010 paths end in {@code .json})
 * @param columns   [column, header] pairs shown
 * @param rowForms  forms shown on each row (attach an ACL, add a gateway...)
 * @param attachedSql null, or a query of a {@code label} and a {@code path} column (the item's path under the
 *                    row's, for its remove button), each {@code ?} the row's SID: what hangs off the row
 */
record ResourcePage(String slug, String title, String table, String api, boolean mainOnly, List<Field> fields,
        List<String[]> columns, List<RowForm> rowForms, String attachedSql) {

    ResourcePage(String slug, String title, String table, String api, boolean mainOnly, List<Field> fields,
            List<String[]> columns, List<RowForm> rowForms) {
        this(slug, title, table, api, mainOnly, fields, columns, rowForms, null);
    }

    /**
     * A form field: a text input, a select of rows of {@code optionsTable} (empty first when
     * optional), or a select of fixed {@code choices} (the row's {@code column} selected on a row form).
     */
    record Field(String name, String label, String optionsTable, boolean required, List<String> choices, String column) {
        static Field text(String name, String label, boolean required) {
            return new Field(name, label, null, required, null, null);
        }

        static Field select(String name, String label, String table, boolean required) {
            return new Field(name, label, table, required, null, null);
        }

        static Field choice(String name, String label, String column, String... choices) {
            return new Field(name, label, null, true, List.of(choices), column);
        }
    }

    /** A form on each row posting to {@code <item path><suffix>}. */
    record RowForm(String suffix, String button, List<Field> fields) {
    }

    /** The item path of {@code sid} under {@code collection} (the API's {@code .json} rule for 2010 paths). */
    String item(String collection, String sid) {
        return collection.endsWith(".json") ? collection.substring(0, collection.length() - 5) + "/" + sid + ".json"
                : collection + "/" + sid;
    }

    String subPath(String collection, String sid, String suffix) {
        String base = collection.endsWith(".json") ? collection.substring(0, collection.length() - 5) : collection;
        return base + "/" + sid + suffix;
    }

    /** The API's own description of this resource: which fields an update may change, and their columns. */
    io.softswitch.core.api.internal.ResourceSpec spec(io.softswitch.core.api.internal.Resources r) {
        return switch (slug) {
            case "trunks" -> r.trunks();
            case "carriers" -> r.carriers();
            case "routes" -> r.routes();
            case "numbers" -> r.incomingPhoneNumbers();
            case "acls" -> r.ipAccessControlLists();
            case "credential-lists" -> r.credentialLists();
            default -> throw new IllegalStateException(slug);
        };
    }

    static List<ResourcePage> all() {
        Field friendly = Field.text("FriendlyName", "Friendly name", true);
        return List.of(
                new ResourcePage("trunks", "Trunks", "trunks", "/v1/Trunks", false,
                        List.of(Field.text("FriendlyName", "Friendly name", false), Field.text("DomainName", "Domain name", false),
                                Field.text("CpsLimit", "Calls per second limit (0: none)", false),
                                Field.text("ConcurrentCallLimit", "Concurrent call limit (0: none)", false),
                                Field.text("DisasterRecoveryUrl", "Disaster recovery URL (empty: none)", false)),
                        List.of(new String[] {"friendly_name", "Name"}, new String[] {"domain_name", "Domain"},
                                new String[] {"cps_limit", "CPS limit"}, new String[] {"concurrent_call_limit", "Call limit"},
                                new String[] {"disaster_recovery_url", "Disaster recovery URL"},
                                new String[] {"recording_mode", "Recording"}),
                        List.of(new RowForm("/Recording", "Set recording", List.of(
                                        Field.choice("Mode", "Recording", "recording_mode", "do-not-record",
                                                "record-from-ringing", "record-from-answer", "record-from-ringing-dual",
                                                "record-from-answer-dual"),
                                        Field.choice("Trim", "Trim silence", "recording_trim", "do-not-trim", "trim-silence"))),
                                new RowForm("/IpAccessControlLists", "Attach ACL",
                                        List.of(Field.select("IpAccessControlListSid", "IP ACL", "ip_access_control_lists", true))),
                                new RowForm("/CredentialLists", "Attach credentials",
                                        List.of(Field.select("CredentialListSid", "Credential list", "credential_lists", true))),
                                new RowForm("/OriginationUrls", "Add origination URL",
                                        List.of(Field.text("FriendlyName", "Name", true), Field.text("SipUrl", "SIP URL", true)))),
                        "SELECT 'ACL ' || a.friendly_name AS label, '/IpAccessControlLists/' || a.sid AS path"
                                + " FROM trunk_ip_access_control_lists t"
                                + " JOIN ip_access_control_lists a ON a.sid = t.sid WHERE t.trunk_sid = ?"
                                + " UNION ALL SELECT 'credentials ' || c.friendly_name, '/CredentialLists/' || c.sid"
                                + " FROM trunk_credential_lists t JOIN credential_lists c ON c.sid = t.sid WHERE t.trunk_sid = ?"
                                + " UNION ALL SELECT 'origination ' || sip_url, '/OriginationUrls/' || sid FROM origination_urls"
                                + " WHERE trunk_sid = ?"),
                new ResourcePage("carriers", "Carriers", "carriers", "/v1/Carriers", true,
                        List.of(friendly, Field.text("TechPrefix", "Tech prefix", false),
                                Field.text("CpsLimit", "Calls per second limit (0: none)", false)),
                        List.of(new String[] {"friendly_name", "Name"}, new String[] {"type", "Type"},
                                new String[] {"tech_prefix", "Tech prefix"}, new String[] {"cps_limit", "CPS limit"}),
                        List.of(new RowForm("/Gateways", "Add gateway", List.of(Field.text("SipUrl", "Gateway SIP URL", true)))),
                        "SELECT 'gateway ' || sip_url AS label, '/Gateways/' || sid AS path FROM gateways WHERE carrier_sid = ?"),
                new ResourcePage("routes", "Routes", "routes", "/v1/Routes", true,
                        List.of(friendly, Field.text("Prefix", "Prefix (digits, empty: default)", false),
                                Field.select("CarrierSid", "Carrier", "carriers", false),
                                Field.select("TrunkSid", "Only for trunk", "trunks", false),
                                Field.text("Priority", "Priority", false)),
                        List.of(new String[] {"friendly_name", "Name"}, new String[] {"prefix", "Prefix"},
                                new String[] {"carrier_sid", "Carrier"}, new String[] {"trunk_sid", "Trunk"},
                                new String[] {"priority", "Priority"}, new String[] {"action", "Action"}),
                        List.of()),
                new ResourcePage("numbers", "Numbers", "phone_numbers", "/2010-04-01/Accounts/{account}/IncomingPhoneNumbers.json",
                        false, List.of(Field.text("PhoneNumber", "Phone number (E.164)", true),
                                Field.text("FriendlyName", "Friendly name", false), Field.select("TrunkSid", "Trunk", "trunks", false)),
                        List.of(new String[] {"phone_number", "Number"}, new String[] {"friendly_name", "Name"},
                                new String[] {"trunk_sid", "Trunk"}),
                        List.of()),
                new ResourcePage("acls", "IP access control lists", "ip_access_control_lists",
                        "/2010-04-01/Accounts/{account}/SIP/IpAccessControlLists.json", false, List.of(friendly),
                        List.<String[]>of(new String[] {"friendly_name", "Name"}),
                        List.of(new RowForm("/IpAddresses.json", "Add address", List.of(Field.text("FriendlyName", "Name", true),
                                Field.text("IpAddress", "IPv4 address", true)))),
                        "SELECT ip_address || '/' || cidr_prefix_length AS label, '/IpAddresses/' || sid || '.json' AS path"
                                + " FROM ip_addresses WHERE ip_access_control_list_sid = ?"),
                new ResourcePage("credential-lists", "Credential lists", "credential_lists",
                        "/2010-04-01/Accounts/{account}/SIP/CredentialLists.json", false, List.of(friendly),
                        List.<String[]>of(new String[] {"friendly_name", "Name"}),
                        List.of(new RowForm("/Credentials.json", "Add credential", List.of(Field.text("Username", "User", true),
                                Field.text("Password", "Password", true)))),
                        "SELECT username AS label, '/Credentials/' || sid || '.json' AS path FROM credentials"
                                + " WHERE credential_list_sid = ?"));
    }
}
