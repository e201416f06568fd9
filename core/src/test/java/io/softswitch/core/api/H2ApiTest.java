package io.softswitch.core.api;

import io.softswitch.core.testing.TestConfigs;

/** The API contract on the embedded H2 database (the default storage). */
class H2ApiTest extends ApiContract {
    @Override
    String yaml(int sipPort) {
        return TestConfigs.yaml(sipPort);
    }
}
