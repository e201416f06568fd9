/** Text-to-speech for {@code <Say>} behind an interface: espeak-ng as a process, 8 kHz PCM out, cached. */
package io.softswitch.voice.tts;
