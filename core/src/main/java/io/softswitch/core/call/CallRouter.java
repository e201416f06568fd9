package io.softswitch.core.call;

import io.softswitch.sip.SipRequest;

/**
 * Decides what happens to a new INVITE: identify the trunk (or carrier), authenticate, apply
 * limits, normalize numbers, route. Pure and fast (reads an in-memory snapshot); called on the
 * engine's executor, never blocks.
 */
public interface CallRouter {
    Decision route(SipRequest invite);
}
