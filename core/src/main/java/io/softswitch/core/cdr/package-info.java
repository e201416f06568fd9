/**
 * Call detail records: {@link io.softswitch.core.cdr.CallRecord} (Twilio's Calls fields plus SIP and
 * media facts) and {@link io.softswitch.core.cdr.CdrSink}, which the call engine hands each finished
 * call to without blocking.
 */
package io.softswitch.core.cdr;
