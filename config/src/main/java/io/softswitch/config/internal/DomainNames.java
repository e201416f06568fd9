package io.softswitch.config.internal;

import java.util.regex.Pattern;

/** The shape of a trunk's domain name (RFC 1035 section 2.3.1 labels), for the YAML reader. */
public final class DomainNames {
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?");

    private DomainNames() {
    }

    /** Null when {@code host} is a domain name, else what was expected. */
    public static String check(String host) {
        return HOSTNAME.matcher(host).matches() && !host.matches("[0-9.]+") ? null : "a domain name, e.g. acme.pstn.example.net";
    }
}
