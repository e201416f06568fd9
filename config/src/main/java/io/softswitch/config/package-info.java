/** Typed, immutable daemon configuration loaded from YAML with precise validation errors. */
package io.softswitch.config;
