/** HTTP Digest for SIP (RFC 3261 §22, RFC 7616, RFC 8760): challenging PBXs and answering carriers. */
package io.softswitch.sip.auth;
