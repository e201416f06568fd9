/** The built-in simulated carrier: a SIP UAS in the daemon answering by configured rules. */
package io.softswitch.core.simulator;
