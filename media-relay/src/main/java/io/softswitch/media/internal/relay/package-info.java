/** The Netty relay: port pool, sessions, latching and the datagram handler; internal. */
package io.softswitch.media.internal.relay;
