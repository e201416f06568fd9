/** Fault tests against the running daemon: every gateway down, database down, hard kill under load. */
package io.softswitch.core.faults;
