/** Every meter the daemon exposes, declared in one place, and the adapters that feed them. */
package io.softswitch.core.metrics;
