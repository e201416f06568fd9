/** jqwik properties of the trunking invariants. */
package io.softswitch.trunking.properties;
