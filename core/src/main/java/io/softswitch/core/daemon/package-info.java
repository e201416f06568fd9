/** Daemon lifecycle: start in order, report ready, stop gracefully on SIGTERM. */
package io.softswitch.core.daemon;
