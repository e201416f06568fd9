package io.softswitch.config;

/** REST API, metrics and health endpoint listener. Port 0 picks a free port. */
public record HttpConfig(String host, int port) {
}
