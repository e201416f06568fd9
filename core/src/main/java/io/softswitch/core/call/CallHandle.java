package io.softswitch.core.call;

/**
 * A live call the REST API can act on ({@code POST .../Calls/{Sid}.json}, issue 19), whatever runs
 * it: a trunk call of the {@link CallEngine}, a number's TwiML call, an API-originated call. The
 * owner registers it in {@link LiveCalls} while it is up and removes it when it ends.
 *
 * <p>Threading: any thread may call these methods; each returns at once and the call acts on its
 * own thread later, so a request that races the call's end is a no-op.
 */
public interface CallHandle {
    /** The call as it is now (the API renders it; the console lists it). */
    LiveCall snapshot();

    /**
     * {@code Status=completed}: ends the call from the switch, BYE on answered legs, CANCEL or
     * {@code 487} on unanswered ones; the record says {@code hangup_by=api}.
     */
    void hangUp();

    /**
     * {@code Status=canceled}: ends the call as {@link #hangUp} does only while it is not answered
     * (Twilio: "will not affect in-progress calls").
     */
    void cancel();

    /**
     * {@code Url}/{@code Twiml}: the call stops what its TwiML is doing and runs {@code source}.
     * False when the call runs no TwiML (a trunk call): nothing is done.
     */
    boolean redirect(TwimlSource source);
}
