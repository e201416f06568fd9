/** Audio for {@code <Play>}: fetched over HTTP(S) with a size limit, decoded to 8 kHz, cached. */
package io.softswitch.voice.audio;
