/** The web console under {@code /console/} (issue 20): server-rendered pages, htmx, uPlot, TOTP sign-in. */
package io.softswitch.core.console;
