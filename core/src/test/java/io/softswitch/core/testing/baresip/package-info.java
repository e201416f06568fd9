/**
 * Real baresip user agents (Debian {@code baresip-core}) driven over {@code ctrl_tcp}, and the
 * WAV files they play and record.
 */
package io.softswitch.core.testing.baresip;
