package io.softswitch.media.testing;

/** SDP bodies for scenarios. */
public final class Sdps {
    private Sdps() {
    }

    /** PCMU + telephone-event from {@code ip:port}, optionally with a direction attribute. */
    public static String audio(String ip, int port, String... extra) {
        StringBuilder b = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- 1 1 IN IP4 ").append(ip).append("\r\n")
                .append("s=-\r\n")
                .append("c=IN IP4 ").append(ip).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(port).append(" RTP/AVP 0 101\r\n")
                .append("a=rtpmap:0 PCMU/8000\r\n")
                .append("a=rtpmap:101 telephone-event/8000\r\n")
                .append("a=fmtp:101 0-16\r\n");
        for (String line : extra) {
            b.append(line).append("\r\n");
        }
        return b.toString();
    }
}
