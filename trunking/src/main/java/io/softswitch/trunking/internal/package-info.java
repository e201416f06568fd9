/** Implementation details of the trunking module; other modules never import this package. */
package io.softswitch.trunking.internal;
