package io.softswitch.config;

/**
 * Storage settings.
 *
 * @param url       JDBC URL; empty selects the embedded H2 database under the data directory
 * @param username  database user
 * @param password  database password (use {@code ${SOFTSWITCH_STORAGE_PASSWORD}})
 * @param poolSize  maximum connections in the pool
 */
public record StorageConfig(String url, String username, String password, int poolSize) {
    public boolean embedded() {
        return url.isEmpty();
    }

    @Override
    public String toString() {
        return "StorageConfig[url=" + url + ", username=" + username + ", password=***, poolSize=" + poolSize + "]";
    }
}
