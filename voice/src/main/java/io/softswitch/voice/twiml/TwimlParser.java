package io.softswitch.voice.twiml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses a TwiML {@code <Response>} into {@link Verb}s. Bad documents are data: the result is
 * {@link TwimlResult.Failed} with Twilio's code, never an exception.
 *
 * <p>Twilio's rules, as its error dictionary states them: a document that is not well-formed XML,
 * whose root is not {@code <Response>}, or that holds a verb this switch does not execute (a
 * misspelled or wrongly-cased verb, or one such as {@code <Conference>}) is refused with 12100 (the
 * caller then tries the fallback URL). Unknown attributes, unexpected nested elements and attribute
 * values out of range are ignored with a 12200 warning and the attribute's default. Documents over
 * {@link #DEFAULT_MAX_BYTES} are refused with 11750.
 *
 * <p>Secure parsing: DOCTYPE declarations are refused (no DTD, no entity expansion, no external
 * entities or XInclude). Thread-safe.
 */
public final class TwimlParser {
    /** Twilio's limit on a TwiML response body. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    private static final DocumentBuilderFactory FACTORY = secureFactory();
    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private final int maxBytes;

    public TwimlParser() {
        this(DEFAULT_MAX_BYTES);
    }

    public TwimlParser(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: at least 1)");
        }
        this.maxBytes = maxBytes;
    }

    /** Parses {@code xml}; relative URLs in it are resolved against {@code base} (may be null). */
    public TwimlResult parse(byte[] xml, URI base) {
        if (xml.length > maxBytes) {
            return new TwimlResult.Failed(new TwimlError(
                    TwimlError.RESPONSE_TOO_LARGE, "TwiML response of " + xml.length + " bytes (limit " + maxBytes + ")"));
        }
        Document doc;
        try {
            DocumentBuilder builder;
            synchronized (FACTORY) {
                builder = FACTORY.newDocumentBuilder();
            }
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity refused: " + systemId);
            });
            doc = builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            return failed("line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException | RuntimeException | ParserConfigurationException e) {
            return failed(String.valueOf(e.getMessage()));
        }
        Element root = doc.getDocumentElement();
        if (root == null || !"Response".equals(root.getTagName())) {
            return failed("root element is <" + (root == null ? "" : root.getTagName()) + ">, expected <Response>");
        }
        try {
            List<TwimlError> warnings = new ArrayList<>();
            List<Verb> verbs = new VerbReader(base, warnings).readAll(root);
            return new TwimlResult.Parsed(new TwimlDocument(verbs, warnings));
        } catch (VerbReader.Refused e) {
            return failed(e.getMessage());
        }
    }

    /** Parses a document given as text (tests, inline {@code Twiml} parameters). */
    public TwimlResult parse(String xml, URI base) {
        return parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8), base);
    }

    private static TwimlResult failed(String message) {
        return new TwimlResult.Failed(TwimlError.parseFailure(message));
    }

    static boolean isElement(Node node) {
        return node.getNodeType() == Node.ELEMENT_NODE;
    }

    private static DocumentBuilderFactory secureFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a secure-processing feature", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }
}
