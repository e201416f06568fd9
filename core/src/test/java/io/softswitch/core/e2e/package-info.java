/**
 * End-to-end tests: the daemon in-process on free ports, provisioned programmatically, with real
 * SIPp peers on loopback; each test asserts on what the peers saw, the call metrics and that the
 * engine is idle afterwards.
 */
package io.softswitch.core.e2e;
