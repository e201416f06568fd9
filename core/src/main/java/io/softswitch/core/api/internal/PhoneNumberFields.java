package io.softswitch.core.api.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Twilio fields of a phone number that the switch has no behaviour for, rendered as what they
 * honestly are: no SMS webhooks or applications (null); the voice webhooks are the stored ones, no address, identity or bundle, emergency
 * calling inactive, voice only. Shared by {@code IncomingPhoneNumbers} and a trunk's
 * {@code PhoneNumbers}.
 */
final class PhoneNumberFields {
    private PhoneNumberFields() {
    }

    static void decorate(Map<String, Object> row, Map<String, Object> json) {
        json.put("api_version", "2010-04-01");
        json.put("beta", false);
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("voice", true);
        caps.put("sms", false);
        caps.put("mms", false);
        caps.put("fax", false);
        json.put("capabilities", caps);
        json.put("address_requirements", "none");
        json.put("status", "in-use");
        json.put("origin", "hosted");
        json.put("type", type((String) row.get("phone_number")));
        json.put("voice_receive_mode", "voice");
        json.put("voice_caller_id_lookup", false);
        // Stored voice webhooks; Twilio returns its default method POST when none was given.
        for (String f : new String[] {"voice_method", "voice_fallback_method", "status_callback_method"}) {
            json.put(f, row.get(f) == null ? "POST" : row.get(f));
        }
        for (String f : new String[] {"voice_url", "voice_fallback_url", "status_callback"}) {
            json.put(f, row.get(f));
        }
        for (String f : new String[] {"voice_application_sid", "sms_url", "sms_method", "sms_fallback_url", "sms_fallback_method",
                "sms_application_sid", "address_sid", "identity_sid",
                "bundle_sid", "emergency_address_sid"}) {
            json.put(f, null);
        }
        json.put("emergency_status", "Inactive");
        json.put("emergency_address_status", "unregistered");
    }

    /** Twilio's number type from the numbering plan: local, mobile or tollFree; null when the plan does not say. */
    static String type(String e164) {
        if (e164 == null) {
            return null;
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            return switch (util.getNumberType(util.parse(e164, "ZZ"))) {
                case FIXED_LINE, FIXED_LINE_OR_MOBILE -> "local";
                case MOBILE -> "mobile";
                case TOLL_FREE -> "tollFree";
                default -> null;
            };
        } catch (NumberParseException e) {
            return null;
        }
    }
}
