/**
 * Telephone numbers: normalization to E.164 by a trunk's policy (libphonenumber), emergency and
 * service short codes, rewrite rules, and the per-carrier output format.
 */
package io.softswitch.trunking.number;
