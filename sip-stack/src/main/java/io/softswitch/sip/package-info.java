/**
 * SIP signalling on top of JAIN-SIP. No {@code javax.sip} type appears in this package's API;
 * the stack and its listeners live in {@code io.softswitch.sip.internal}.
 */
package io.softswitch.sip;
