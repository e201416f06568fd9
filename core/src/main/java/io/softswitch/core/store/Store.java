package io.softswitch.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.softswitch.config.StorageConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The database: a HikariCP pool over the configured JDBC URL (or an embedded H2 file database in
 * the data directory when the URL is empty), migrated by Flyway from {@code db/migration} on open.
 * The same migrations serve H2 (run in PostgreSQL mode) and PostgreSQL.
 */
public final class Store implements AutoCloseable {
    /** File name (without H2's {@code .mv.db}) of the embedded database in the data directory. */
    public static final String EMBEDDED_NAME = "softswitch";

    private static final int H2_DATABASE_CLOSED = 90121;

    private final HikariDataSource pool;
    private final Jdbc jdbc;

    private Store(HikariDataSource pool) {
        this.pool = pool;
        this.jdbc = new Jdbc(pool);
    }

    /** Opens the pool and migrates the schema; fails when the database cannot be reached. */
    public static Store open(StorageConfig config, Path dataDir) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("softswitch-db");
        hc.setJdbcUrl(config.embedded() ? embeddedUrl(dataDir) : config.url());
        if (!config.username().isEmpty()) {
            hc.setUsername(config.username());
        }
        if (!config.password().isEmpty()) {
            hc.setPassword(config.password());
        }
        hc.setMaximumPoolSize(config.poolSize());
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(3000);
        hc.setValidationTimeout(1000);
        // Start even when the database is down: the CDR writer spools until it returns.
        hc.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("cannot migrate database " + hc.getJdbcUrl() + ": " + e.getMessage(), e);
        }
        return new Store(ds);
    }

    /**
     * WRITE_DELAY=100: a commit reaches the file (the OS cache, which outlives the process) within
     * 100 ms instead of H2's default 500 ms, bounding what a hard kill loses; 0 (every commit at
     * once) cost the CDR writer a third of a core at 150 calls/s.
     */
    static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(EMBEDDED_NAME)
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=100";
    }

    /**
     * Rewrites the embedded H2 file without its free pages ({@code SHUTDOWN COMPACT}), so that data
     * just overwritten (clear auth tokens, issue 22) is not left in old pages; the pool reconnects.
     * Does nothing for another database. Call only while nothing else uses the store (at start).
     */
    public void compactEmbedded() {
        if (!pool.getJdbcUrl().startsWith("jdbc:h2:file:")) {
            return;
        }
        try (Connection c = pool.getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            if (e.getErrorCode() != H2_DATABASE_CLOSED) { // what the shutdown itself makes the connection say
                throw new StoreException("cannot compact " + pool.getJdbcUrl() + ": " + e.getMessage(), e);
            }
        }
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    public DataSource dataSource() {
        return pool;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    /** Whether a connection can be had and answers a trivial query within a second. */
    public boolean reachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
