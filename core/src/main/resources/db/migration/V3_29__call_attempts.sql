-- Every outbound attempt of a call (issue 20: the console's call detail page), in the order tried:
-- its carrier, gateway, target and the SIP status it ended with. Written after the call ends by
-- CallAttempts; purged with the call's record.
CREATE TABLE call_attempts (
    call_sid VARCHAR(34) NOT NULL,
    attempt INTEGER NOT NULL,
    carrier_sid VARCHAR(34),
    gateway_sid VARCHAR(64),
    target VARCHAR(255) NOT NULL,
    sip_status INTEGER NOT NULL,
    sip_reason VARCHAR(128),
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (call_sid, attempt)
);
