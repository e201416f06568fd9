/** RTP/RTCP relay sessions, SDP rewriting and media statistics. */
package io.softswitch.media;
