/** Call recording: the loop-confined mixing buffer and the incremental WAV writer. */
package io.softswitch.media.internal.recording;
