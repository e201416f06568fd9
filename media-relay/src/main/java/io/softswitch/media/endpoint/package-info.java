/**
 * A media endpoint that plays and hears: the far end of a call the switch itself answers (TwiML).
 * G.711 frames of 20 ms paced by one shared clock, RFC 4733 digits in and out, recording to WAV.
 */
package io.softswitch.media.endpoint;
