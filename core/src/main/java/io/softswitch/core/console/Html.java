package io.softswitch.core.console;

import java.util.List;

/** HTML building for the console's server-rendered pages: escaping and the common page frame. */
final class Html {
    static final String HTMX = "/webjars/htmx.org/2.0.10/dist/htmx.min.js";
    static final String UPLOT_JS = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
    static final String UPLOT_CSS = "/webjars/uplot/1.6.30/dist/uPlot.min.css";
    private static final List<String[]> NAV = List.of(
            new String[] {"live", "Live"}, new String[] {"dashboard", "Dashboard"}, new String[] {"calls", "Calls"},
            new String[] {"trunks", "Trunks"}, new String[] {"carriers", "Carriers"}, new String[] {"routes", "Routes"},
            new String[] {"routing", "Dry run"},
            new String[] {"numbers", "Numbers"}, new String[] {"acls", "IP ACLs"},
            new String[] {"credential-lists", "Credential lists"}, new String[] {"audit", "Audit log"});

    private Html() {
    }

    static String esc(Object o) {
        if (o == null) {
            return "";
        }
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A whole page; {@code session} null for the sign-in page (no navigation). */
    static String page(String title, String active, ConsoleUsers.Session session, String body, String... scripts) {
        StringBuilder b = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" · softswitch console</title>")
                .append("<link rel=\"stylesheet\" href=\"/console/static/console.css\">");
        if (session != null) {
            b.append("<meta name=\"csrf-token\" content=\"").append(esc(session.csrf())).append("\">");
        }
        b.append("<script src=\"").append(HTMX).append("\"></script>")
                .append("<script src=\"/console/static/console.js\"></script>");
        for (String s : scripts) {
            b.append(s);
        }
        b.append("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a>");
        if (session != null) {
            b.append("<header><a class=\"brand\" href=\"/console/live\">softswitch</a><nav aria-label=\"Main\"><ul>");
            for (String[] n : NAV) {
                b.append("<li><a href=\"/console/").append(n[0]).append("\"")
                        .append(n[0].equals(active) ? " aria-current=\"page\"" : "").append(">").append(n[1]).append("</a></li>");
            }
            b.append("</ul></nav><form method=\"post\" action=\"/console/logout\" class=\"whoami\">")
                    .append(csrfField(session)).append("<span>").append(esc(session.user().username())).append(" (")
                    .append(session.user().role().wireName())
                    .append(session.user().accountSid() == null ? "" : ", " + esc(session.user().accountSid()))
                    .append(")</span> <a href=\"/console/account\">Two-factor</a> <button type=\"submit\">Sign out</button></form></header>");
        }
        b.append("<main id=\"main\"><h1>").append(esc(title)).append("</h1>").append(body).append("</main></body></html>");
        return b.toString();
    }

    static String csrfField(ConsoleUsers.Session session) {
        return "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(session.csrf()) + "\">";
    }

    /** A table with a header row; cells are already HTML. */
    static String table(String id, List<String> headers, List<List<String>> rows, String emptyText) {
        StringBuilder b = new StringBuilder("<div class=\"scroll\"><table id=\"").append(id).append("\"><thead><tr>");
        for (String h : headers) {
            b.append("<th scope=\"col\">").append(esc(h)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        b.append(tableRows(headers.size(), rows, emptyText));
        return b.append("</tbody></table></div>").toString();
    }

    static String tableRows(int columns, List<List<String>> rows, String emptyText) {
        StringBuilder b = new StringBuilder();
        if (rows.isEmpty()) {
            b.append("<tr><td colspan=\"").append(columns).append("\" class=\"empty\">").append(esc(emptyText)).append("</td></tr>");
        }
        for (List<String> r : rows) {
            b.append("<tr>");
            for (String cell : r) {
                b.append("<td>").append(cell).append("</td>");
            }
            b.append("</tr>");
        }
        return b.toString();
    }
}
