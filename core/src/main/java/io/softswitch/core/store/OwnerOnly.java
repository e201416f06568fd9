package io.softswitch.core.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file policy of the data directory (issue 22, finding 5): the directory is {@code 0700} and
 * every file the daemon writes there is {@code 0600} (the H2 database, the CDR spool, the
 * credentials and key files). Java cannot set the process umask, so files we create get their mode
 * at creation ({@link #createFile}) and files a library creates (H2) are narrowed after the fact
 * ({@link #restrict}); the {@code softswitch} launcher also runs the JVM under {@code umask 077}.
 * On a file system without POSIX permissions these are no-ops.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);

    private OwnerOnly() {
    }

    /** Creates {@code dir} (and parents) when absent, and narrows it to {@code 0700}. */
    public static void directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        set(dir, DIRECTORY);
    }

    /**
     * Creates {@code file} with mode {@code 0600} from the start (never readable by others, not even
     * for an instant); an existing file is narrowed to {@code 0600}.
     */
    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            set(file, FILE);
        } catch (UnsupportedOperationException e) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
    }

    /** Narrows {@code dir} to {@code 0700} and everything under it to {@code 0600} (directories {@code 0700}). */
    public static void restrict(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                set(p, Files.isDirectory(p) ? DIRECTORY : FILE);
            }
        }
    }

    private static void set(Path p, Set<PosixFilePermission> wanted) throws IOException {
        try {
            Set<PosixFilePermission> had = Files.getPosixFilePermissions(p);
            if (!had.equals(wanted)) {
                try {
                    Files.setPosixFilePermissions(p, wanted);
                } catch (java.nio.file.NoSuchFileException e) {
                    return; // gone meanwhile (an H2 temporary file)
                } catch (java.nio.file.FileSystemException e) {
                    // Not ours (e.g. a data directory made by root and shared with our group): say so, go on.
                    LOG.warn("{} is {} and cannot be narrowed to {} ({}): make it the daemon user's", p,
                            PosixFilePermissions.toString(had), PosixFilePermissions.toString(wanted), e.getMessage());
                    return;
                }
                if (!wanted.containsAll(had)) {
                    LOG.info("{} was {}: narrowed to {}", p, PosixFilePermissions.toString(had),
                            PosixFilePermissions.toString(wanted));
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        } catch (java.nio.file.NoSuchFileException e) {
            // gone meanwhile (an H2 temporary file)
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> p) {
        return PosixFilePermissions.asFileAttribute(p);
    }
}
