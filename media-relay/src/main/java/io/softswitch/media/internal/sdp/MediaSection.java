package io.softswitch.media.internal.sdp;

import java.util.List;

/**
 * One {@code m=} section: {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...}
 * (RFC 8866 section 5.14) and the lines that follow it up to the next {@code m=}.
 *
 * @param type media type, e.g. {@code audio}
 * @param port the port; 0 means the stream is disabled or rejected
 * @param portCount the {@code /<number of ports>} suffix including the slash, or empty
 * @param proto transport protocol, e.g. {@code RTP/AVP}
 * @param formats payload types
 * @param lines the section's other lines in order, without the {@code m=} line
 */
public record MediaSection(String type, int port, String portCount, String proto, List<String> formats,
        List<String> lines) {

    public MediaSection {
        formats = List.copyOf(formats);
        lines = List.copyOf(lines);
    }

    public boolean isAudio() {
        return type.equals("audio");
    }
}
