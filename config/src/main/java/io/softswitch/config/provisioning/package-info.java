/**
 * The provisioning model: trunks, carriers, numbers and routes as immutable values. Both the
 * {@code provisioning:} block of the YAML file and the REST API's store produce these; the
 * trunking module builds its routing snapshot from them.
 */
package io.softswitch.config.provisioning;
