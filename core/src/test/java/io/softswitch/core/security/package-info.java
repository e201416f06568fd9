/** Attack tests against the running daemon: toll fraud over every trunk authentication setting, SIPVicious scans and cracking. */
package io.softswitch.core.security;
