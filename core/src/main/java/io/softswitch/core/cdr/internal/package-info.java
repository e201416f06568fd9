/** The spool file, the spooled writer and the JDBC writes behind call records and attempts; not an API. */
package io.softswitch.core.cdr.internal;
