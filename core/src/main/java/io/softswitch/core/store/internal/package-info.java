/** Row mapping between the provisioning tables and the provisioning records; not an API. */
package io.softswitch.core.store.internal;
