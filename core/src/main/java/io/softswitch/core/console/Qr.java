package io.softswitch.core.console;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/** QR codes of {@code otpauth://} URIs for TOTP enrolment: as inline SVG for the console, as text for a terminal. */
public final class Qr {
    private Qr() {
    }

    private static BitMatrix matrix(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, 2, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
        } catch (WriterException e) {
            throw new IllegalArgumentException("qr: " + e.getMessage(), e);
        }
    }

    /** An SVG image, {@code size} CSS pixels wide, one square path for the dark modules. */
    public static String svg(String text, int size, String label) {
        BitMatrix m = matrix(text);
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y)) {
                    path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" + Html.esc(label) + "\" width=\"" + size
                + "\" height=\"" + size + "\" viewBox=\"0 0 " + m.getWidth() + " " + m.getHeight()
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\""
                + path + "\"/></svg>";
    }

    /** The code in Unicode half blocks, two module rows per line, dark on a light terminal or inverted. */
    public static String text(String text) {
        BitMatrix m = matrix(text);
        StringBuilder b = new StringBuilder();
        for (int y = 0; y < m.getHeight(); y += 2) {
            for (int x = 0; x < m.getWidth(); x++) {
                boolean top = m.get(x, y);
                boolean bottom = y + 1 < m.getHeight() && m.get(x, y + 1);
                // printed light-on-dark: a dark module is a blank
                b.append(top ? (bottom ? ' ' : '▄') : (bottom ? '▀' : '█'));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
