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
 * The append-only CDR spool: one JSON object per line, fsynced on every append. Replay works on a
 * frozen copy: {@link #freeze()} renames the spool to {@code <name>.replay} (new appends start a
 * fresh spool), the writer inserts its records, then {@link #discardFrozen()} deletes it. A crash in
 * between leaves the frozen file to replay again at the next start; inserts are idempotent. A torn
 * last line (power loss mid-append) is skipped with a warning.
 */
public final class SpoolFile {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RecordComponent[] FIELDS = CallRecord.class.getRecordComponents();

    private final Path file;
    private final Path frozen;

    public SpoolFile(Path file) {
        this.file = file;
        this.frozen = file.resolveSibling(file.getFileName() + ".replay");
    }

    public Path path() {
        return file;
    }

    public synchronized void append(List<CallRecord> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (CallRecord r : records) {
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
    public synchronized List<CallRecord> freeze() throws IOException {
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

    private static List<CallRecord> read(Path p) throws IOException {
        List<CallRecord> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(fromMap(JSON.readValue(line, Map.class)));
            } catch (IOException | ReflectiveOperationException | RuntimeException e) {
                LOG.warn("cdr spool {} line {}: unreadable record skipped ({})", p, lineNo, e.getMessage());
            }
        }
        return out;
    }

    static Map<String, Object> toMap(CallRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : FIELDS) {
            try {
                Object v = c.getAccessor().invoke(r);
                m.put(c.getName(), v instanceof Instant i ? i.toString() : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    static CallRecord fromMap(Map<?, ?> m) throws ReflectiveOperationException {
        Object[] args = new Object[FIELDS.length];
        Class<?>[] types = new Class<?>[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            Class<?> t = FIELDS[i].getType();
            types[i] = t;
            Object v = m.get(FIELDS[i].getName());
            if (t == Instant.class) {
                args[i] = v == null ? null : Instant.parse(v.toString());
            } else if (t == int.class) {
                args[i] = v == null ? 0 : ((Number) v).intValue();
            } else if (t == long.class) {
                args[i] = v == null ? 0L : ((Number) v).longValue();
            } else if (t == double.class) {
                args[i] = v == null ? 0.0 : ((Number) v).doubleValue();
            } else {
                args[i] = v;
            }
        }
        try {
            return CallRecord.class.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        }
    }
}
