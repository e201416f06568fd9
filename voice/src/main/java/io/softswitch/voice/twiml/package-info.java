/** The TwiML model (a call's verbs as immutable records) and its secure parser, with errors as data. */
package io.softswitch.voice.twiml;
