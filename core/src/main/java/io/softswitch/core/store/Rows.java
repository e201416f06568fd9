package io.softswitch.core.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Generic row access for the resource tables. A row is a map from column name to value
 * ({@link String}, {@link Integer}, {@link Long}, {@link Boolean}, {@link Double}, {@link Instant}).
 * The REST resources are many and alike (a SID, a few typed columns, Twilio dates), so they share
 * this one repository instead of one hand-written class per table; the typed view of the same rows
 * is {@link ProvisioningStore#current()}. Table and column names come from code, never from input.
 */
public final class Rows {
    private final Jdbc jdbc;
    /** The SIDs written by this thread's current {@link #tracking} call, or null outside one. */
    private final ThreadLocal<Set<String>> touched = new ThreadLocal<>();

    public Rows(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Runs {@code work} and returns it with the SIDs of the rows it inserted, updated or deleted
     * through this object on this thread (what a cluster notification names, issue 17).
     */
    <T> Tracked<T> tracking(java.util.function.Supplier<T> work) {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> outer = touched.get();
        touched.set(ids);
        try {
            T result = work.get();
            return new Tracked<>(result, Set.copyOf(ids));
        } finally {
            if (outer == null) {
                touched.remove();
            } else {
                outer.addAll(ids);
                touched.set(outer);
            }
        }
    }

    /** A result and the SIDs written to produce it. */
    record Tracked<T>(T result, Set<String> sids) {
    }

    private void touch(Object... values) {
        Set<String> ids = touched.get();
        if (ids == null) {
            return;
        }
        for (Object v : values) {
            if (v instanceof String s && s.length() == 34 && Character.isUpperCase(s.charAt(0))
                    && Character.isUpperCase(s.charAt(1))) {
                ids.add(s);
            }
        }
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    /** Inserts {@code values} (which must include {@code sid}) and stamps both dates. */
    public Map<String, Object> insert(String table, Map<String, Object> values) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        Instant now = now();
        v.putIfAbsent("date_created", now);
        v.putIfAbsent("date_updated", now);
        touch(v.get("sid"));
        jdbc.inTransaction(c -> insert(c, table, v));
        return find(table, "sid = ?", v.get("sid")).orElseThrow();
    }

    /** Inserts exactly {@code values}, nothing stamped (association tables). */
    public void insertRaw(String table, Map<String, Object> values) {
        touch(values.values().toArray());
        jdbc.inTransaction(c -> insert(c, table, values));
    }

    static int insert(Connection c, String table, Map<String, Object> v) throws SQLException {
        String cols = String.join(", ", v.keySet());
        String marks = String.join(", ", v.keySet().stream().map(k -> "?").toList());
        return Jdbc.update(c, "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")", v.values().toArray());
    }

    /** Updates the given columns of row {@code sid} and stamps {@code date_updated}. */
    public int update(String table, String sid, Map<String, Object> values) {
        Map<String, Object> v = new LinkedHashMap<>(values);
        v.put("date_updated", now());
        touch(sid);
        List<Object> args = new ArrayList<>(v.values());
        args.add(sid);
        String set = String.join(", ", v.keySet().stream().map(k -> k + " = ?").toList());
        return jdbc.update("UPDATE " + table + " SET " + set + " WHERE sid = ?", args.toArray());
    }

    public Optional<Map<String, Object>> find(String table, String where, Object... args) {
        List<Map<String, Object>> rows = jdbc.query("SELECT * FROM " + table + " WHERE " + where, Rows::map, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public List<Map<String, Object>> list(String table, String where, List<Object> args, String orderBy, int limit,
            long offset) {
        return jdbc.query("SELECT * FROM " + table + " WHERE " + where + " ORDER BY " + orderBy
                + " LIMIT " + limit + " OFFSET " + offset, Rows::map, args.toArray());
    }

    /** Runs any SELECT and maps its rows generically. */
    public List<Map<String, Object>> select(String sql, Object... args) {
        return jdbc.query(sql, Rows::map, args);
    }

    public long count(String table, String where, List<Object> args) {
        return jdbc.query("SELECT COUNT(*) FROM " + table + " WHERE " + where, rs -> rs.getLong(1), args.toArray()).get(0);
    }

    public int delete(String table, String where, Object... args) {
        touch(args);
        return jdbc.update("DELETE FROM " + table + " WHERE " + where, args);
    }

    /** The current time at the database's precision (microseconds), so what we write is what we read. */
    public static Instant now() {
        Instant n = Instant.now();
        return n.minusNanos(n.getNano() % 1000);
    }

    public static Map<String, Object> map(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object o = rs.getObject(i);
            if (o instanceof OffsetDateTime odt) {
                o = odt.toInstant();
            } else if (o instanceof Timestamp ts) {
                o = ts.toInstant();
            }
            row.put(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), o);
        }
        return row;
    }
}
