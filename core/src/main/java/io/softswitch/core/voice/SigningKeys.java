package io.softswitch.core.voice;

import java.util.Optional;

/**
 * The key an account's webhooks are signed with ({@code X-Twilio-Signature}): Twilio signs with the
 * account's auth token, so an application verifies with the token it already has. Auth tokens are
 * stored only as keyed hashes (issue 22), so the store keeps a copy sealed with a key outside the
 * database ({@code AuthTokens.seal}, {@link StoredSigningKeys}); an account without one (created
 * before, and its token not rotated since) has no key: its calls to TwiML numbers are refused.
 */
@FunctionalInterface
public interface SigningKeys {
    Optional<String> authToken(String accountSid);
}
