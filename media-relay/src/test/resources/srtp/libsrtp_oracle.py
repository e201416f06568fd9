#!/usr/bin/python3
"""Known-answer oracle for SrtpKnownAnswerTest: libsrtp2 (Debian python3-pylibsrtp).

stdin, one line per command:  <suite> <key||salt hex> <rtp|rtcp> <protect|unprotect> <packet hex>
stdout, one line per command: the transformed packet in hex, or "error <reason>".
One libsrtp session per (suite, key, direction), kept for the whole run, so packet indexes and
replay state evolve as in a real stream.
"""
import sys

from pylibsrtp import Error, Policy, Session

PROFILES = {
    "AES_CM_128_HMAC_SHA1_80": Policy.SRTP_PROFILE_AES128_CM_SHA1_80,
    "AES_CM_128_HMAC_SHA1_32": Policy.SRTP_PROFILE_AES128_CM_SHA1_32,
    "AEAD_AES_128_GCM": Policy.SRTP_PROFILE_AEAD_AES_128_GCM,
}
sessions = {}


def session(suite, key, direction):
    k = (suite, key, direction)
    if k not in sessions:
        policy = Policy(key=bytes.fromhex(key), srtp_profile=PROFILES[suite],
                        ssrc_type=Policy.SSRC_ANY_OUTBOUND if direction == "protect" else Policy.SSRC_ANY_INBOUND)
        sessions[k] = Session(policy=policy)
    return sessions[k]


for line in sys.stdin:
    suite, key, kind, direction, packet = line.split()
    s = session(suite, key, direction)
    data = bytes.fromhex(packet)
    try:
        if direction == "protect":
            out = s.protect(data) if kind == "rtp" else s.protect_rtcp(data)
        else:
            out = s.unprotect(data) if kind == "rtp" else s.unprotect_rtcp(data)
        print(out.hex(), flush=True)
    except Error as e:
        print("error " + str(e).replace(" ", "_"), flush=True)
