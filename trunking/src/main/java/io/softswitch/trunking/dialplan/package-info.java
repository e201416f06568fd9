/** The dial plan: a compact digit trie from E.164 prefixes to route entries, longest prefix first. */
package io.softswitch.trunking.dialplan;
