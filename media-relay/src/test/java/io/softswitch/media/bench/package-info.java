/**
 * The media load generator (run by {@code bench/media/run.sh}, not by {@code mvn verify} except
 * as a tiny smoke test), the relay as a process of its own ({@link
 * io.softswitch.media.bench.RelayNgServer}) and the targets: any relay speaking rtpengine's ng
 * protocol (ours or rtpengine), or no relay at all (the baseline).
 */
package io.softswitch.media.bench;
