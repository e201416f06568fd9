/** The {@code softswitch} command line: run, check-config, version. */
package io.softswitch.core.cli;
