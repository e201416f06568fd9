package io.softswitch.voice.twiml;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Reads one element's attributes with Twilio's leniency: an unknown attribute or a value out of
 * range is a 12200 warning and the default is used.
 */
final class Attributes {
    private final Element element;
    private final URI base;
    private final List<TwimlError> warnings;

    Attributes(Element element, Set<String> known, URI base, List<TwimlError> warnings) {
        this.element = element;
        this.base = base;
        this.warnings = warnings;
        NamedNodeMap all = element.getAttributes();
        for (int i = 0; i < all.getLength(); i++) {
            Node a = all.item(i);
            if (!known.contains(a.getNodeName()) && !a.getNodeName().startsWith("xmlns")) {
                warn("unknown attribute '" + a.getNodeName() + "'");
            }
        }
    }

    String string(String name, String dflt) {
        return element.hasAttribute(name) ? element.getAttribute(name) : dflt;
    }

    int integer(String name, int dflt, int min, int max) {
        if (!element.hasAttribute(name)) {
            return dflt;
        }
        String v = element.getAttribute(name).strip();
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the warning
        }
        warn(name + "='" + v + "' (expected: " + min + "-" + max + "), using " + dflt);
        return dflt;
    }

    Duration seconds(String name, Duration dflt, int min, int max) {
        return Duration.ofSeconds(integer(name, (int) dflt.toSeconds(), min, max));
    }

    boolean bool(String name, boolean dflt) {
        if (!element.hasAttribute(name)) {
            return dflt;
        }
        String v = element.getAttribute(name).strip();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        warn(name + "='" + v + "' (expected: true or false), using " + dflt);
        return dflt;
    }

    HttpMethod method(String name) {
        if (!element.hasAttribute(name)) {
            return HttpMethod.POST;
        }
        HttpMethod m = HttpMethod.parse(element.getAttribute(name).strip());
        if (m == null) {
            warn(name + "='" + element.getAttribute(name) + "' (expected: GET or POST), using POST");
            return HttpMethod.POST;
        }
        return m;
    }

    /** An optional URL attribute resolved against the document's URL; bad ones are warnings. */
    URI url(String name) {
        if (!element.hasAttribute(name) || element.getAttribute(name).isBlank()) {
            return null;
        }
        URI u = resolve(base, element.getAttribute(name));
        if (u == null) {
            warn(name + "='" + element.getAttribute(name) + "' is not a URL, ignored");
        }
        return u;
    }

    void warn(String message) {
        warnings.add(TwimlError.warning("<" + element.getTagName() + "> " + message));
    }

    /** {@code value} resolved against {@code base}; {@code null} when it is not an http(s) URL. */
    static URI resolve(URI base, String value) {
        try {
            URI u = new URI(value.strip());
            if (!u.isAbsolute() && base != null) {
                u = base.resolve(u);
            }
            if (!u.isAbsolute()) {
                return u.getPath() == null || u.getPath().isEmpty() ? null : u;
            }
            String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? u : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
