/**
 * Call admission limits: calls per second (token bucket) and concurrent calls per trunk, carrier
 * and account, behind {@link io.softswitch.trunking.limit.CallLimiter} so that a cluster-wide
 * (Redis) implementation can replace the in-memory one.
 */
package io.softswitch.trunking.limit;
