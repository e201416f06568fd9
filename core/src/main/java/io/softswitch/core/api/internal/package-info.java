/** Request parsing, validation, paging, rendering and the resource definitions behind the REST API. */
package io.softswitch.core.api.internal;
