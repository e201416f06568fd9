package io.softswitch.core.call;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls up right now, by SID, whoever runs them (the trunk engine, the TwiML engine, API
 * origination): what the REST API fetches, lists and modifies before a call has a record.
 * Thread-safe; owners add a call once it has its SID and remove it when it ends, before its record
 * is written (so a call is in one place or, for the moment its record is queued, in neither).
 */
public final class LiveCalls {
    private final ConcurrentHashMap<String, CallHandle> calls = new ConcurrentHashMap<>();

    public void add(String sid, CallHandle call) {
        calls.put(Objects.requireNonNull(sid, "sid"), Objects.requireNonNull(call, "call"));
    }

    public void remove(String sid) {
        calls.remove(sid);
    }

    /** The live call {@code sid} of {@code accountSid}: another account's call is not found. */
    public Optional<CallHandle> find(String accountSid, String sid) {
        CallHandle c = calls.get(sid);
        return c != null && accountSid.equals(c.snapshot().accountSid()) ? Optional.of(c) : Optional.empty();
    }

    /** Snapshots of {@code accountSid}'s live calls, newest first (the API list's order). */
    public List<LiveCall> of(String accountSid) {
        return calls.values().stream().map(CallHandle::snapshot).filter(c -> accountSid.equals(c.accountSid()))
                .sorted(Comparator.comparing(LiveCall::startTime).reversed().thenComparing(LiveCall::sid)).toList();
    }

    public int size() {
        return calls.size();
    }
}
