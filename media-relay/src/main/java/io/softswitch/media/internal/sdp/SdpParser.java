package io.softswitch.media.internal.sdp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses an SDP body (RFC 8866) strictly enough to relay it: every line {@code <type>=<value>},
 * {@code v=0} first, a valid {@code o=}, {@code m=} lines with ports 0-65535, and a {@code c=}
 * (session- or media-level) with an IP literal for every enabled stream. Anything else is an
 * {@link SdpException} whose message the call engine returns with {@code 488}.
 */
public final class SdpParser {
    /** Largest body accepted, in characters (a SIP body over UDP is far smaller). */
    public static final int MAX_LENGTH = 65_536;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern RTPMAP = Pattern.compile("a=rtpmap:(\\d{1,3}) ([^/\\s]+)/(\\d{1,6})(/\\d+)?\\s*");
    private static final Pattern RTCP = Pattern.compile("a=rtcp:(\\d{1,5})(?: IN (IP4|IP6) (\\S+))?\\s*");

    private SdpParser() {
    }

    public static SessionDescription parse(String body) throws SdpException {
        if (body == null || body.isBlank()) {
            throw new SdpException("sdp: empty body");
        }
        if (body.length() > MAX_LENGTH) {
            throw new SdpException("sdp: " + body.length() + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        List<String> session = new ArrayList<>();
        List<MediaSection> media = new ArrayList<>();
        String mLine = null;
        List<String> current = new ArrayList<>();
        int number = 0;
        for (String line : lines(body)) {
            number++;
            if (line.isEmpty()) {
                continue; // tolerated: trailing CRLF, blank line
            }
            if (!isTypeValue(line)) {
                throw new SdpException("sdp: line " + number + ": '" + abbreviate(line) + "' (expected: <type>=<value>)");
            }
            if (session.isEmpty() && !line.equals("v=0")) {
                throw new SdpException("sdp: line " + number + ": '" + abbreviate(line) + "' (expected: v=0 first)");
            }
            if (line.startsWith("m=")) {
                if (mLine != null) {
                    media.add(section(mLine, current));
                }
                mLine = line;
                current = new ArrayList<>();
            } else if (mLine == null) {
                session.add(line);
            } else {
                current.add(line);
            }
        }
        if (mLine != null) {
            media.add(section(mLine, current));
        }
        checkOrigin(session);
        InetAddress sessionConnection = connection(session);
        int audioIndex = -1;
        for (int i = 0; i < media.size(); i++) {
            MediaSection section = media.get(i);
            if (section.port() != 0 && sessionConnection == null && connection(section.lines()) == null) {
                throw new SdpException("sdp: m=" + section.type() + " " + section.port()
                        + ": no c= line (expected: at session or media level)");
            }
            if (audioIndex < 0 && section.isAudio()) {
                audioIndex = i;
            }
        }
        if (audioIndex < 0) {
            throw new SdpException("sdp: no audio stream (expected: an m=audio line)");
        }
        MediaSection audio = media.get(audioIndex);
        InetAddress address = connection(audio.lines());
        if (address == null) {
            address = sessionConnection;
        }
        return new SessionDescription(session, media, audioIndex, endpoint(audio, address, session));
    }

    private static MediaSection section(String line, List<String> lines) throws SdpException {
        String[] f = fields(line.substring(2));
        if (f.length < 4) {
            throw new SdpException("sdp: '" + abbreviate(line) + "' (expected: m=<media> <port> <proto> <fmt> ...)");
        }
        String portField = f[1];
        String count = "";
        int slash = portField.indexOf('/');
        if (slash >= 0) {
            count = portField.substring(slash);
            portField = portField.substring(0, slash);
        }
        int port = number(portField, "sdp: '" + abbreviate(line) + "' port: " + portField + " (expected: 0-65535)");
        if (port > 65535) {
            throw new SdpException("sdp: '" + abbreviate(line) + "' port: " + port + " (expected: 0-65535)");
        }
        List<String> formats = List.of(f).subList(3, f.length);
        return new MediaSection(f[0], port, count, f[2], formats, lines);
    }

    private static void checkOrigin(List<String> session) throws SdpException {
        for (String line : session) {
            if (line.startsWith("o=")) {
                String[] f = line.substring(2).split(" ");
                if (f.length != 6 || !f[3].equals("IN")) {
                    throw new SdpException("sdp: '" + abbreviate(line)
                            + "' (expected: o=<username> <sess-id> <sess-version> IN <addrtype> <address>)");
                }
                return;
            }
        }
        throw new SdpException("sdp: no o= line (expected: an origin line)");
    }

    /** The address of the first {@code c=} among {@code lines}, or null when there is none. */
    private static InetAddress connection(List<String> lines) throws SdpException {
        for (String line : lines) {
            if (line.startsWith("c=")) {
                String[] f = line.substring(2).split(" ");
                if (f.length != 3 || !f[0].equals("IN")) {
                    throw new SdpException("sdp: '" + abbreviate(line) + "' (expected: c=IN IP4|IP6 <address>)");
                }
                return literal(f[1], f[2], line);
            }
        }
        return null;
    }

    private static InetAddress literal(String type, String value, String line) throws SdpException {
        String address = value;
        int slash = address.indexOf('/');
        if (slash >= 0) {
            address = address.substring(0, slash); // multicast TTL / count
        }
        boolean ok = switch (type) {
            case "IP4" -> IPV4.matcher(address).matches();
            case "IP6" -> IPV6.matcher(address).matches();
            default -> false;
        };
        if (!ok) {
            throw new SdpException("sdp: '" + abbreviate(line) + "' address: " + value
                    + " (expected: an " + (type.equals("IP6") ? "IPv6" : "IPv4") + " literal with IP4 or IP6)");
        }
        try {
            return InetAddress.getByName(address); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new SdpException("sdp: '" + abbreviate(line) + "' address: " + value + " (expected: an IP literal)");
        }
    }

    private static AudioEndpoint endpoint(MediaSection audio, InetAddress address, List<String> session)
            throws SdpException {
        PayloadTypes payloads = new PayloadTypes();
        String direction = "sendrecv";
        for (String line : session) {
            direction = direction(line, direction);
        }
        int rtcpPort = audio.port() + 1;
        InetAddress rtcpAddress = address;
        for (String line : audio.lines()) {
            direction = direction(line, direction);
            if (line.startsWith("a=rtpmap:")) {
                var m = RTPMAP.matcher(line);
                if (!m.matches() || Integer.parseInt(m.group(1)) > 127 || Integer.parseInt(m.group(3)) == 0) {
                    throw new SdpException("sdp: '" + abbreviate(line)
                            + "' (expected: a=rtpmap:<0-127> <encoding>/<clock rate>[/<channels>])");
                }
                payloads.define(Integer.parseInt(m.group(1)), m.group(2), Integer.parseInt(m.group(3)));
            } else if (line.startsWith("a=rtcp:")) {
                var m = RTCP.matcher(line);
                if (!m.matches() || Integer.parseInt(m.group(1)) > 65535) {
                    throw new SdpException("sdp: '" + abbreviate(line)
                            + "' (expected: a=rtcp:<port> [IN IP4|IP6 <address>], RFC 3605)");
                }
                rtcpPort = Integer.parseInt(m.group(1));
                if (m.group(3) != null) {
                    rtcpAddress = literal(m.group(2), m.group(3), line);
                }
            }
        }
        boolean disabled = audio.port() == 0 || address == null || address.isAnyLocalAddress();
        InetSocketAddress rtp = disabled ? null : new InetSocketAddress(address, audio.port());
        InetSocketAddress rtcp = disabled || rtcpPort > 65535 || rtcpAddress.isAnyLocalAddress()
                ? null : new InetSocketAddress(rtcpAddress, rtcpPort);
        return new AudioEndpoint(rtp, rtcp, payloads, direction);
    }

    /** The body's lines, split at LF or CRLF (as {@code split("\\r?\\n", -1)}, without a regex). */
    private static List<String> lines(String body) {
        List<String> lines = new ArrayList<>(16);
        int start = 0;
        int length = body.length();
        for (int i = 0; i < length; i++) {
            if (body.charAt(i) == '\n') {
                int end = i > start && body.charAt(i - 1) == '\r' ? i - 1 : i;
                lines.add(body.substring(start, end));
                start = i + 1;
            }
        }
        lines.add(body.substring(start));
        return lines;
    }

    /** {@code <type>=<value>}: a lower-case letter, '=', then no line terminator (a lone CR). */
    private static boolean isTypeValue(String line) {
        if (line.length() < 2 || line.charAt(0) < 'a' || line.charAt(0) > 'z' || line.charAt(1) != '=') {
            return false;
        }
        for (int i = 2; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    /** Fields separated by one or more spaces (as {@code split(" +")}, without a regex). */
    private static String[] fields(String text) {
        List<String> fields = new ArrayList<>(8);
        int start = 0;
        int length = text.length();
        for (int i = 0; i <= length; i++) {
            if (i == length || text.charAt(i) == ' ') {
                if (i > start || start == 0) {
                    fields.add(text.substring(start, i));
                }
                start = i + 1;
            }
        }
        return fields.toArray(new String[0]);
    }

    private static String direction(String line, String current) {
        return switch (line) {
            case "a=sendrecv" -> "sendrecv";
            case "a=sendonly" -> "sendonly";
            case "a=recvonly" -> "recvonly";
            case "a=inactive" -> "inactive";
            default -> current;
        };
    }

    private static int number(String text, String error) throws SdpException {
        if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            throw new SdpException(error);
        }
        return Integer.parseInt(text);
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
