package io.softswitch.core.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The local PostgreSQL (127.0.0.1:5432, database {@code test}, trust auth) with one fresh schema per
 * test class, so concurrent runs never see each other's rows.
 */
public final class TestDatabases {
    public static final String PG_BASE = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String PG_USER = "postgres";

    private TestDatabases() {
    }

    /** Creates a uniquely named schema and returns a JDBC URL that uses it. */
    public static String newPostgresSchema() throws SQLException {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return PG_BASE + "?currentSchema=" + schema;
    }

    public static void dropSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(PG_BASE, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // best effort: a leftover schema does not affect other runs
        }
    }

    /** Test YAML with a storage block. */
    public static String yaml(int sipPort, String url, String user) {
        return TestConfigs.yaml(sipPort) + """
                storage:
                  url: "%s"
                  username: "%s"
                """.formatted(url, user);
    }
}
