package io.softswitch.sip;

/** A request received inside a dialog, waiting for the engine's final response. */
public interface InDialogRequest {
    String method();

    SipBody body();

    /** Sends the final response; later calls are ignored. */
    void respond(SipReply reply);
}
