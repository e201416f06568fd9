package io.softswitch.core.testing.baresip;

/**
 * One event from baresip's {@code ctrl_tcp} stream, e.g. {@code CALL_ESTABLISHED},
 * {@code CALL_DTMF_START} (param = the digit), {@code CALL_CLOSED} (param = the reason).
 *
 * @param type   baresip's event name
 * @param param  its parameter, empty when none
 * @param callId baresip's call id, empty for events outside a call
 * @param json   the event as received, for failure messages
 */
public record BaresipEvent(String type, String param, String callId, String json) {
    @Override
    public String toString() {
        return type + (param.isEmpty() ? "" : "(" + param + ")");
    }
}
