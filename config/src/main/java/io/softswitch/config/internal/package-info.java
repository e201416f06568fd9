/** YAML node walking and error collection behind {@link io.softswitch.config.ConfigLoader}. */
package io.softswitch.config.internal;
