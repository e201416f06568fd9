/** SDP (RFC 8866) parsing and the relay's offer/answer rewriting (RFC 3264); internal. */
package io.softswitch.media.internal.sdp;
