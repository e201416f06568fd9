/**
 * Programmable voice in the call path (issue 18, phase 2): calls the router gives to a number's
 * TwiML application are answered here, over the inbound SIP leg and a media-relay
 * {@code MediaEndpoint}, and run by the voice module's {@code TwimlCall}.
 */
package io.softswitch.core.voice;
