package io.softswitch.core.api;

import io.softswitch.core.testing.TestDatabases;

/** The API contract on the local PostgreSQL, in a schema of its own. */
class PostgresApiTest extends ApiContract {
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
