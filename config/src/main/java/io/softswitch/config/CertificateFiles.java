package io.softswitch.config;

import java.nio.file.Path;
import java.util.Objects;

/** A PEM certificate chain (leaf first) and the PEM file of its private key. */
public record CertificateFiles(Path certificate, Path privateKey) {
    public CertificateFiles {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
