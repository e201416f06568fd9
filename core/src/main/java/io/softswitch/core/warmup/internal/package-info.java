/** The warm-up's loopback SIP caller and answering endpoint: plain SIP text over UDP, like SIPp's scenarios. */
package io.softswitch.core.warmup.internal;
