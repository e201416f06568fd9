package io.softswitch.core.api.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A REST resource backed by one table: its SID prefix, JSON list key, parameters, the parent it
 * lives under (e.g. a trunk's origination URLs), and hooks for what the generic CRUD cannot know.
 *
 * @param table        table name
 * @param prefix       SID prefix, e.g. {@code OU}
 * @param listKey      JSON key of list pages, e.g. {@code origination_urls}
 * @param v1           {@code /v1} family (absolute {@code url}, {@code meta} paging) or 2010 ({@code uri}, page fields)
 * @param params       form parameters
 * @param parentTable  table of the parent resource, or null
 * @param parentColumn column holding the parent SID, or null
 * @param parentParam  path parameter naming the parent, or null
 * @param mainOnly     only the main account sees this resource (others get 404)
 * @param maxPerParent most rows per parent (0 = no limit)
 * @param hidden       columns never rendered
 * @param filters      list query parameter to column, equality filters
 * @param hook         last word on values before a write
 * @param decorator    adds derived fields (links, sub-objects) when rendering
 * @param listFilter   list query parameters that are not equality filters
 */
public record ResourceSpec(String table, String prefix, String listKey, boolean v1, List<Param> params,
        String parentTable, String parentColumn, String parentParam, boolean mainOnly, int maxPerParent,
        Set<String> hidden, Map<String, String> filters, WriteHook hook, Decorator decorator, ListFilter listFilter) {

    public ResourceSpec(String table, String prefix, String listKey, boolean v1, List<Param> params,
            String parentTable, String parentColumn, String parentParam, boolean mainOnly, int maxPerParent,
            Set<String> hidden, Map<String, String> filters, WriteHook hook, Decorator decorator) {
        this(table, prefix, listKey, v1, params, parentTable, parentColumn, parentParam, mainOnly, maxPerParent, hidden,
                filters, hook, decorator, NO_FILTER);
    }

    public ResourceSpec withListFilter(ListFilter f) {
        return new ResourceSpec(table, prefix, listKey, v1, params, parentTable, parentColumn, parentParam, mainOnly,
                maxPerParent, hidden, filters, hook, decorator, f);
    }

    /** Adds SQL conditions ({@code " AND ..."}) and their arguments for the list query {@code query}. */
    @FunctionalInterface
    public interface ListFilter {
        void apply(java.util.function.Function<String, String> query, StringBuilder where, List<Object> args);
    }

    public static final ListFilter NO_FILTER = (q, w, a) -> { };

    /** Adjusts or refuses the values of a create ({@code existing} null) or update. */
    @FunctionalInterface
    public interface WriteHook {
        void beforeWrite(Scope scope, String parentSid, Map<String, Object> values, Map<String, Object> existing);
    }

    /** A write hook that also decides what a delete does (e.g. a number goes back to the inventory). */
    public interface ReleasingHook extends WriteHook {
        /** True when it has dealt with the delete of {@code existing} itself; false: delete the row. */
        boolean release(Scope scope, Map<String, Object> existing);
    }

    /** Adds derived fields to a rendered row; {@code self} is its {@code url} (v1) or {@code uri} (2010). */
    @FunctionalInterface
    public interface Decorator {
        void decorate(Scope scope, Map<String, Object> row, Map<String, Object> json, String self);
    }

    public static final WriteHook NO_HOOK = (s, p, v, e) -> { };
    public static final Decorator NO_DECORATION = (s, r, j, self) -> { };
}
