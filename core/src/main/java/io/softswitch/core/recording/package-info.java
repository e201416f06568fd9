/** Call recordings: the WAV files, their rows, retention and the disk-space guard. */
package io.softswitch.core.recording;
