package io.softswitch.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer: {@link ConfigLoader#parse} on arbitrary text throws nothing but {@link ConfigException}.
 * Without {@code JAZZER_FUZZ=1} it runs as a regression test over the inputs in
 * {@code src/test/resources/io/softswitch/config/ConfigLoaderFuzzTestInputs/parseThrowsOnlyConfigException/}
 * (seeds and every crash found, each named after what it exercises).
 */
class ConfigLoaderFuzzTest {
    private final ConfigLoader loader = new ConfigLoader(name -> name.startsWith("FUZZ") ? "value" : null);

    @FuzzTest(maxDuration = "30s")
    void parseThrowsOnlyConfigException(byte[] input) {
        String yaml = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        try {
            loader.parse("fuzz.yaml", yaml);
        } catch (ConfigException expected) {
            // the one outcome for bad input
        }
    }
}
