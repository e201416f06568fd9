#!/usr/bin/python3
"""Packet-level oracle for SecureBaresipCallIT: what crossed the PBX's SRTP leg, checked with libsrtp2.

usage: capture_check.py <pcap> <suite> <relay port> <switch key b64> <pbx key b64> [<plain port>]

The pcap is tcpdump's capture of loopback UDP (Linux "lo": Ethernet framing, IPv4). Flows:
  out   = packets from <relay port> (the switch's RTP port on the PBX leg) to the PBX: must all
          authenticate and decrypt with the key the switch put in its a=crypto (RFC 4568: a
          sender's key), and no encrypted payload may equal a plain payload;
  in    = packets to <relay port> (the PBX's SRTP): decrypted with the PBX's key;
  plain = packets to <plain port> (the carrier's plain RTP into the switch), if given.
RTCP (odd ports) is not in these flows. Prints one "name=value" per line for the test to assert.
"""
import base64
import struct
import sys

from pylibsrtp import Error, Policy, Session

PROFILES = {
    "AES_CM_128_HMAC_SHA1_80": Policy.SRTP_PROFILE_AES128_CM_SHA1_80,
    "AES_CM_128_HMAC_SHA1_32": Policy.SRTP_PROFILE_AES128_CM_SHA1_32,
    "AEAD_AES_128_GCM": Policy.SRTP_PROFILE_AEAD_AES_128_GCM,
}


def udp_packets(path):
    """(src port, dst port, payload) of each IPv4 UDP packet in a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    link = {1: 14, 0: 4, 113: 16}.get(linktype)  # Ethernet (Linux lo), BSD loopback, Linux cooked
    if link is None:
        raise SystemExit("unsupported pcap link type %d" % linktype)
    off = 24
    while off + 16 <= len(data):
        caplen = struct.unpack(endian + "I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        ip = frame[link:]
        if len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        ihl = (ip[0] & 0x0F) * 4
        sport, dport, length = struct.unpack(">HHH", ip[ihl:ihl + 6])
        yield sport, dport, ip[ihl + 8:ihl + length]


def session(suite, key_b64):
    return Session(policy=Policy(key=base64.b64decode(key_b64), srtp_profile=PROFILES[suite],
                                 ssrc_type=Policy.SSRC_ANY_INBOUND))


def main():
    pcap, suite, relay_port, switch_key, pbx_key = sys.argv[1:6]
    relay_port = int(relay_port)
    plain_port = int(sys.argv[6]) if len(sys.argv) > 6 else None
    out_s, in_s = session(suite, switch_key), session(suite, pbx_key)
    stats = {k: 0 for k in ("out_packets", "out_decrypted", "out_failed", "out_raw_equals_plain",
                            "out_raw_equals_own_plain", "in_packets", "in_decrypted", "in_failed", "plain_packets",
                            "out_plain_payload_seen_on_carrier_leg")}
    out_raw, out_plain, plain = [], [], set()
    for sport, dport, payload in udp_packets(pcap):
        if len(payload) < 12 or payload[0] >> 6 != 2:
            continue
        if sport == relay_port:
            stats["out_packets"] += 1
            try:
                clear = out_s.unprotect(payload)
            except Error:
                stats["out_failed"] += 1
                continue
            stats["out_decrypted"] += 1
            out_raw.append(payload[12:])
            out_plain.append(clear[12:])
            if payload[12:len(clear)] == clear[12:]:
                stats["out_raw_equals_own_plain"] += 1
        elif dport == relay_port:
            stats["in_packets"] += 1
            try:
                in_s.unprotect(payload)
                stats["in_decrypted"] += 1
            except Error:
                stats["in_failed"] += 1
        elif plain_port is not None and dport == plain_port:
            stats["plain_packets"] += 1
            plain.add(payload[12:])
    # An encrypted payload (tag cut off) equal to any plain payload of either leg would be plain RTP.
    known_plain = set(out_plain) | plain
    stats["out_raw_equals_plain"] = sum(1 for r in out_raw if any(r.startswith(p) for p in known_plain))
    stats["out_plain_payload_seen_on_carrier_leg"] = sum(1 for p in out_plain if p in plain)
    stats["out_distinct_raw_payloads"] = len(set(out_raw))
    stats["out_distinct_plain_payloads"] = len(set(out_plain))
    for k, v in stats.items():
        print("%s=%d" % (k, v))


main()
