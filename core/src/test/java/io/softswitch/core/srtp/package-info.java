/** Secure trunking end to end: SIP over TLS plus SRTP media through the relay (issue 16). */
package io.softswitch.core.srtp;
