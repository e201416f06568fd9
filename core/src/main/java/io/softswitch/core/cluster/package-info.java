/** Several identical nodes as one switch: node identity, shared provisioning, the SIP front's source header. */
package io.softswitch.core.cluster;
