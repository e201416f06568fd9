package io.softswitch.core.cdr.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.softswitch.core.cdr.CallRecord;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import io.softswitch.core.store.OwnerOnly;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only spool of records of type {@code R} (call records, call attempts): one JSON object
 * per line (the record's components by name), fsynced on every append. Replay works on a
 * frozen copy: {@link #freeze()} renames the spool to {@code <name>.replay} (new appends start a
 * fresh spool), the writer inserts its records, then {@link #discardFrozen()} deletes it. A crash in
 * between leaves the frozen file to replay again at the next start; inserts are idempotent. A torn
 * last line (power loss mid-append) is skipped with a warning.
 */
public final class SpoolFile<R extends Record> {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path frozen;
    private final Class<R> type;
    private final RecordComponent[] fields;

    /** The spool of call records at {@code file}. */
    public static SpoolFile<CallRecord> ofCallRecords(Path file) {
        return new SpoolFile<>(file, CallRecord.class);
    }

    /**
     * @param type a record of strings, {@link Instant}s, boxed or primitive numbers (what JSON carries
     *             back unambiguously)
     */
    public SpoolFile(Path file, Class<R> type) {
        this.file = file;
        this.frozen = file.resolveSibling(file.getFileName() + ".replay");
        this.type = type;
        this.fields = type.getRecordComponents();
    }

    public Path path() {
        return file;
    }

    public synchronized void append(List<R> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (R r : records) {
            sb.append(JSON.writeValueAsString(toMap(r))).append('\n');
        }
        // Owner-only from its first byte: call records are tenants' data (issue 22).
        OwnerOnly.createFile(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }

    /** Whether anything waits for replay (a spool or a frozen copy). */
    public synchronized boolean pending() {
        return Files.exists(frozen) || (Files.exists(file) && size(file) > 0);
    }

    /** Freezes the spool for replay (unless a frozen copy already waits) and returns its records in order. */
    public synchronized List<R> freeze() throws IOException {
        if (!Files.exists(frozen) && Files.exists(file)) {
            Files.move(file, frozen, StandardCopyOption.ATOMIC_MOVE);
        }
        return Files.exists(frozen) ? read(frozen) : List.of();
    }

    public synchronized void discardFrozen() throws IOException {
        Files.deleteIfExists(frozen);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private List<R> read(Path p) throws IOException {
        List<R> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(fromMap(JSON.readValue(line, Map.class)));
            } catch (IOException | ReflectiveOperationException | RuntimeException e) {
                LOG.warn("spool {} line {}: unreadable record skipped ({})", p, lineNo, e.getMessage());
            }
        }
        return out;
    }

    Map<String, Object> toMap(R r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : fields) {
            try {
                Object v = c.getAccessor().invoke(r);
                m.put(c.getName(), v instanceof Instant i ? i.toString() : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    R fromMap(Map<?, ?> m) throws ReflectiveOperationException {
        Object[] args = new Object[fields.length];
        Class<?>[] types = new Class<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Class<?> t = fields[i].getType();
            types[i] = t;
            Object v = m.get(fields[i].getName());
            if (t == Instant.class) {
                args[i] = v == null ? null : Instant.parse(v.toString());
            } else if (t == int.class) {
                args[i] = v == null ? 0 : ((Number) v).intValue();
            } else if (t == long.class) {
                args[i] = v == null ? 0L : ((Number) v).longValue();
            } else if (t == double.class) {
                args[i] = v == null ? 0.0 : ((Number) v).doubleValue();
            } else if (t == Integer.class) {
                args[i] = v == null ? null : ((Number) v).intValue();
            } else if (t == Long.class) {
                args[i] = v == null ? null : ((Number) v).longValue();
            } else {
                args[i] = v;
            }
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        }
    }
}
