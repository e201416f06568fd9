/**
 * TLS certificates of the daemon: the SIP listeners' and the outbound client's identities read
 * from PEM (or the self-signed default under the data dir), their reload and expiry.
 */
package io.softswitch.core.tls;
