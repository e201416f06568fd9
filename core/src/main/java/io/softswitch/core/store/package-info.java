/**
 * Storage: a pooled JDBC database (embedded H2 or PostgreSQL) with Flyway migrations, the
 * provisioning store that turns its tables into a {@link io.softswitch.config.Provisioning} and
 * tells listeners about every change, and the main-account bootstrap.
 */
package io.softswitch.core.store;
