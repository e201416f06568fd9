package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * A digest credential a PBX authenticates with. The secret is kept only as the digest HA1
 * ({@code MD5(username:realm:password)} and its SHA-256 twin) once stored; a YAML file may give the
 * clear password, which is hashed on load and never logged.
 *
 * @param username  digest user name
 * @param password  clear password as written in YAML, or null when only hashes are known
 * @param ha1Md5    hex MD5 HA1 for the trunk's realm, or null when computed from the password
 * @param ha1Sha256 hex SHA-256 HA1 for the trunk's realm, or null when computed from the password
 */
public record Credential(String username, String password, String ha1Md5, String ha1Sha256) {
    public Credential {
        Objects.requireNonNull(username, "username");
    }

    @Override
    public String toString() {
        return "Credential[username=" + username + ", secret=***]";
    }
}
