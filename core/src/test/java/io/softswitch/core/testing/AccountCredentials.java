package io.softswitch.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The main account's SID and auth token, as a daemon writes them on its first start to the
 * {@code credentials} file of its data directory.
 */
public record AccountCredentials(String accountSid, String authToken) {
    public static AccountCredentials read(Path dataDir) throws IOException {
        Properties creds = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve("credentials"))) {
            creds.load(in);
        }
        return new AccountCredentials(creds.getProperty("SOFTSWITCH_ACCOUNT_SID"),
                creds.getProperty("SOFTSWITCH_AUTH_TOKEN"));
    }
}
