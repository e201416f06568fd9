package io.softswitch.media.endpoint;

import io.softswitch.media.codec.G711;

/** The G.711 variants an endpoint sends and records, with their static RTP payload types (RFC 3551 table 4). */
public enum Codec {
    PCMU(0),
    PCMA(8);

    private final int payloadType;

    Codec(int payloadType) {
        this.payloadType = payloadType;
    }

    public int payloadType() {
        return payloadType;
    }

    public byte encode(short sample) {
        return this == PCMU ? G711.linearToUlaw(sample) : G711.linearToAlaw(sample);
    }

    public short decode(byte code) {
        return this == PCMU ? G711.ulawToLinear(code) : G711.alawToLinear(code);
    }

    /** The codec's payload byte for digital silence. */
    public byte silence() {
        return encode((short) 0);
    }
}
