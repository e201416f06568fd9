/** The HTTP listener: health, readiness and Prometheus metrics (the REST API joins it later). */
package io.softswitch.core.http;
