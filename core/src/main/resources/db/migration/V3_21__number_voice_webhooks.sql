-- Issue 18 (programmable voice, phase 2): a number without a trunk and with a VoiceUrl is answered
-- by the TwiML engine. Twilio's voice webhook fields of IncomingPhoneNumber, stored as given
-- (methods upper-case, null = Twilio's default POST).
ALTER TABLE phone_numbers ADD COLUMN voice_url VARCHAR(1024);
ALTER TABLE phone_numbers ADD COLUMN voice_method VARCHAR(4);
ALTER TABLE phone_numbers ADD COLUMN voice_fallback_url VARCHAR(1024);
ALTER TABLE phone_numbers ADD COLUMN voice_fallback_method VARCHAR(4);
ALTER TABLE phone_numbers ADD COLUMN status_callback VARCHAR(1024);
ALTER TABLE phone_numbers ADD COLUMN status_callback_method VARCHAR(4);

-- Webhooks are signed with the account's auth token (X-Twilio-Signature, Twilio's rule), which is
-- stored only hashed (V2_22). So the token is also kept sealed: AES-256-GCM under a key derived
-- from the auth-token key outside the database (AuthTokens.seal). A database copy alone still
-- yields no token. Accounts from before have none until their token is rotated.
ALTER TABLE accounts ADD COLUMN auth_token_sealed VARCHAR(200);
ALTER TABLE accounts ADD COLUMN secondary_auth_token_sealed VARCHAR(200);
