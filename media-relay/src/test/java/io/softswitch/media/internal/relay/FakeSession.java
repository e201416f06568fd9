package io.softswitch.media.internal.relay;

/** A session for {@link OverloadControl} to shed in tests: records what it was told. */
final class FakeSession implements OverloadControl.Sheddable {
    private final String label;
    private boolean shed;
    int backlogDiscarded;
    boolean discarding;

    FakeSession(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public boolean isShed() {
        return shed;
    }

    @Override
    public void shed() {
        shed = true;
    }

    @Override
    public void resume() {
        shed = false;
    }

    @Override
    public void discardBacklog() {
        backlogDiscarded++;
        discarding = true;
    }

    @Override
    public void endDiscard() {
        discarding = false;
    }
}
