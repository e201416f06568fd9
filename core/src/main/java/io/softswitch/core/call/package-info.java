/**
 * The call engine: a B2BUA joining an inbound leg to outbound attempts, with routing, limits,
 * media and call records. Events of one call are handled in order on one stripe of the engine's
 * executor; nothing here blocks a SIP thread.
 */
package io.softswitch.core.call;
