/** Gateway health probing: OPTIONS at each carrier's interval, fed into the trunking health board. */
package io.softswitch.core.health;
