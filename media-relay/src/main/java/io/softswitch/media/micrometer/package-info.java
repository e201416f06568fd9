/** Micrometer binding of {@link io.softswitch.media.MediaEvents}; the only Micrometer user in this module. */
package io.softswitch.media.micrometer;
