package io.softswitch.media.internal.sdp;

import java.util.List;

/**
 * A parsed SDP body kept close to its text, so rewriting changes only what it must.
 *
 * @param sessionLines session-level lines in order, including {@code v=} and {@code o=}
 * @param media the media sections in order
 * @param audioIndex index of the first {@code m=audio} section, the one the relay carries
 * @param audio where and how that stream is received by the endpoint that sent this SDP
 */
public record SessionDescription(List<String> sessionLines, List<MediaSection> media, int audioIndex,
        AudioEndpoint audio) {

    public SessionDescription {
        sessionLines = List.copyOf(sessionLines);
        media = List.copyOf(media);
    }

    /** The {@code <username>} field of {@code o=}. */
    public String originUsername() {
        for (String line : sessionLines) {
            if (line.startsWith("o=")) {
                return line.substring(2, line.indexOf(' '));
            }
        }
        return "-";
    }
}
