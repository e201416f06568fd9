/** The media endpoint's implementation: RTP framing, RFC 4733 sequencing, recording. */
package io.softswitch.media.internal.endpoint;
