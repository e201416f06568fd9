package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * A DID owned by an account.
 *
 * @param number E.164 with {@code +}
 * @param trunk  the {@linkplain Trunk#key() key} of the trunk its inbound calls go to, or null when unassigned
 * @param voice  its programmable-voice webhooks, or null; used only when {@code trunk} is null
 */
public record PhoneNumber(String sid, String accountSid, String number, String trunk, VoiceWebhooks voice) {
    public PhoneNumber {
        Objects.requireNonNull(number, "number");
    }

    public PhoneNumber(String sid, String accountSid, String number, String trunk) {
        this(sid, accountSid, number, trunk, null);
    }

    /** Answered by the TwiML engine: no trunk and a VoiceUrl (Twilio's rule: a trunk wins). */
    public boolean answeredByTwiml() {
        return trunk == null && voice != null;
    }
}
