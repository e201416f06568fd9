-- SRTP (issue 16): a carrier's media encryption (none | sdes), and per call which SRTP suite each
-- leg's media used (NULL = plain RTP). The caller leg is the inbound one (the PBX when terminating,
-- the carrier when originating).
ALTER TABLE carriers ADD COLUMN media_encryption VARCHAR(8) DEFAULT 'none' NOT NULL;
ALTER TABLE calls ADD COLUMN caller_leg_srtp VARCHAR(32);
ALTER TABLE calls ADD COLUMN callee_leg_srtp VARCHAR(32);
