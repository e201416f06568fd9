package io.softswitch.core.api.internal;

/**
 * Who asks and on whose behalf: the authenticated account, the account the URL names (the same for
 * {@code /v1}), and whether the caller is the main account.
 */
public record Scope(String callerSid, String accountSid, boolean callerIsMain, String baseUrl) {
}
