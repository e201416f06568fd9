-- Issue 18 (programmable voice, phase 2): a number without a trunk and with a VoiceUrl is answered
-- by the TwiML engine. Twilio's voice webhook fields of IncomingPhoneNumber, stored as given
-- (methods upper-case, null = Twilio's default POST).
ALTER TABLE phone_numbers ADD COLUMN voice_url VARCHAR(1024);
ALTER TABLE phone_numbers ADD COLUMN voice_method VARCHAR(4);
ALTER TABLE phone_numbers ADD COLUMN voice_fallback_url VARCHAR(1024);
ALTER TABLE phone_numbers ADD COLUMN voice_fallback_method VARCHAR(4);
ALTER TABLE phone_numbers ADD COLUMN status_callback VARCHAR(1024);
ALTER TABLE phone_numbers ADD COLUMN status_callback_method VARCHAR(4);
