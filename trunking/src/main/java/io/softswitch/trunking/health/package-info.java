/**
 * Gateway health as pure state: a state machine fed by probe results (OPTIONS replies, timeouts,
 * transport errors). The probing I/O lives with the B2BUA.
 */
package io.softswitch.trunking.health;
