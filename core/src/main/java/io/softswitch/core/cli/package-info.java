/** The {@code softswitch} command line: run, check-config, route, version. */
package io.softswitch.core.cli;
