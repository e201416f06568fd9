package io.softswitch.config.provisioning;

/**
 * A carrier's media encryption ({@code media_encryption}): {@code none} sends it plain RTP (an SRTP
 * offer from it is still accepted), {@code sdes} requires SRTP with SDES keys (RFC 4568) both ways.
 */
public enum MediaEncryption {
    NONE,
    SDES
}
