/** Test support: real UDP RTP peers, SDP builders, pcap reading and the Netty leak check. */
package io.softswitch.media.testing;
