/** Routing decisions over an immutable provisioning snapshot; no I/O. */
package io.softswitch.trunking;
