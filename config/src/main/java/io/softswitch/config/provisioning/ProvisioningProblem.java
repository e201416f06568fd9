package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * One reason a provisioning cannot be compiled into routing, e.g.
 * {@code carriers[2].final_response_codes[0]: '1xx' (expected: a response code 200-699 or a class 2xx-6xx)}.
 * The routing compile finds every one; the YAML loader turns the path into file:line, the API into
 * the form parameter of the resource written.
 *
 * @param path     where, in the provisioning model's spelling (the YAML keys), from the list down
 * @param subject  the top-level resource: its SID when stored, else its name (for logs and for
 *                 telling new problems from ones already stored)
 * @param value    the offending value as written, quoted when text
 * @param expected what would have been accepted
 */
public record ProvisioningProblem(String path, String subject, String value, String expected) {
    public ProvisioningProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expected, "expected");
    }

    /** The last key of {@link #path()} without list indexes: {@code final_response_codes}, {@code sip_url}. */
    public String field() {
        String p = path.replaceAll("\\[[0-9]+]", "");
        int dot = p.lastIndexOf('.');
        return dot < 0 ? p : p.substring(dot + 1);
    }

    /** The list the top-level resource is in: {@code trunks}, {@code carriers}, {@code numbers}, {@code routes}. */
    public String list() {
        return path.split("[\\[.]", 2)[0];
    }

    /** The same problem without its position in the list, to compare states before and after a write. */
    public String key() {
        return list() + "|" + subject + "|" + path.replaceFirst("^[a-z_]+\\[[0-9]+]", "") + "|" + value;
    }

    @Override
    public String toString() {
        return path + (subject == null ? "" : " (" + subject + ")") + ": " + value + " (expected: " + expected + ")";
    }
}
