/** SRTP and SRTCP for relay legs (RFC 3711) with SDES keys (RFC 4568), on jitsi-srtp. */
package io.softswitch.media.internal.srtp;
