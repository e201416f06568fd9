package io.softswitch.core.api;

import io.softswitch.core.testing.TestConfigs;

/** Bad input on the embedded H2 store. */
class H2BadInputTest extends BadInputContract {
    @Override
    String yaml(int sipPort) {
        return TestConfigs.yaml(sipPort);
    }

    @Override
    void cleanUp() {
    }
}
