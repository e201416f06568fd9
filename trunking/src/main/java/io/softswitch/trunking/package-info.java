/**
 * Routing decisions over an immutable provisioning snapshot; no I/O. Start at
 * {@link io.softswitch.trunking.Router}: it identifies trunks and carriers, admits calls against
 * limits and answers each call with a {@link io.softswitch.trunking.RouteDecision}.
 */
package io.softswitch.trunking;
