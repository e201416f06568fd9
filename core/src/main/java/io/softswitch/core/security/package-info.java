/** Defences of the call path that sit around routing: answers that do not reveal which trunks exist. */
package io.softswitch.core.security;
