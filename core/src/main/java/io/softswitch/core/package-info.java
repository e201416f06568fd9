/** The softswitch daemon: call engine, storage, REST API and metrics joined together. */
package io.softswitch.core;
