/** The CDR spool file and the JDBC writes behind the CDR sink; not an API. */
package io.softswitch.core.cdr.internal;
