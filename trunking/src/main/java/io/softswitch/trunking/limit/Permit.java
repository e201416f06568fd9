package io.softswitch.trunking.limit;

/**
 * The concurrent-call slots an admitted call holds. Release it exactly when the call ends (any
 * outcome); releasing again does nothing. Thread-safe.
 */
public interface Permit extends AutoCloseable {
    /** A permit holding nothing. */
    Permit NONE = () -> { };

    void release();

    @Override
    default void close() {
        release();
    }
}
