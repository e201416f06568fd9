/** The built-in warm-up: synthetic calls over loopback through the real call path before the daemon reports ready. */
package io.softswitch.core.warmup;
