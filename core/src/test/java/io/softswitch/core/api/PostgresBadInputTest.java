package io.softswitch.core.api;

import io.softswitch.core.testing.TestDatabases;

/** Bad input on the local PostgreSQL, in a schema of its own (NUL in text is an error there, not stored). */
class PostgresBadInputTest extends BadInputContract {
    private String url;

    @Override
    String yaml(int sipPort) throws Exception {
        url = TestDatabases.newPostgresSchema();
        return TestDatabases.yaml(sipPort, url, TestDatabases.PG_USER);
    }

    @Override
    void cleanUp() {
        TestDatabases.dropSchema(url);
    }
}
