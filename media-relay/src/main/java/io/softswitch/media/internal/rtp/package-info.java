/** RTP/RTCP header checks, sequence arithmetic, per-stream statistics, MOS model and DTMF detection; internal. */
package io.softswitch.media.internal.rtp;
