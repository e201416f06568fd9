/**
 * The media load generator (run by {@code bench/media/run.sh}, not by {@code mvn verify} except
 * as a tiny smoke test) and its targets: our relay through its API, rtpengine over ng, or no
 * relay at all (the baseline).
 */
package io.softswitch.media.bench;
