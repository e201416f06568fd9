package io.softswitch.core.api.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link SpecConformanceTest} measured, per resource (response schema), and the table it
 * prints. Spec examples count as accepted once the declared refusals in them are left out; the
 * number accepted exactly as the spec writes them follows in parentheses.
 */
final class Fidelity {
    /** Counts of one resource. */
    static final class Row {
        int fields;
        int fieldsOk;
        int params;
        int honoured;
        int refused;
        int dropped;
        int examples;
        int examplesOk;
        int examplesAsSent;
        int envelopes;
        int envelopesOk;
        int links;
        int linksOk;
        int filters;
        int filtersOk;
    }

    final Map<String, Row> rows = new TreeMap<>();
    final List<String> failures = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Row row(String resource) {
        return rows.computeIfAbsent(resource, k -> new Row());
    }

    void fail(String what) {
        failures.add(what);
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append("| resource | response fields present, right type | parameters honoured or refused | honoured |"
                + " refused (declared) | silently dropped | spec examples accepted (as sent) | list envelopes | list filters honoured | links working |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        Row total = new Row();
        rows.forEach((name, r) -> {
            line(b, name, r);
            total.fields += r.fields;
            total.fieldsOk += r.fieldsOk;
            total.params += r.params;
            total.honoured += r.honoured;
            total.refused += r.refused;
            total.dropped += r.dropped;
            total.examples += r.examples;
            total.examplesOk += r.examplesOk;
            total.examplesAsSent += r.examplesAsSent;
            total.envelopes += r.envelopes;
            total.envelopesOk += r.envelopesOk;
            total.links += r.links;
            total.filters += r.filters;
            total.filtersOk += r.filtersOk;
            total.linksOk += r.linksOk;
        });
        line(b, "**all**", total);
        return b.toString();
    }

    private static void line(StringBuilder b, String name, Row r) {
        b.append("| ").append(name).append(" | ").append(ratio(r.fieldsOk, r.fields)).append(" | ")
                .append(ratio(r.honoured + r.refused, r.params)).append(" | ").append(r.honoured).append(" | ")
                .append(r.refused).append(" | ").append(r.dropped)
                .append(" | ").append(ratio(r.examplesOk, r.examples))
                .append(r.examples == 0 ? "" : " (" + r.examplesAsSent + ")")
                .append(" | ").append(ratio(r.envelopesOk, r.envelopes))
                .append(" | ").append(ratio(r.filtersOk, r.filters))
                .append(" | ").append(ratio(r.linksOk, r.links)).append(" |\n");
    }

    static String ratio(int ok, int all) {
        return all == 0 ? "-" : ok + " / " + all + " = " + Math.round(100.0 * ok / all) + " %";
    }
}
