package io.softswitch.media.bench;

import java.net.InetSocketAddress;

/** No relay: endpoints send straight to each other; the baseline the others are compared with. */
final class DirectTarget implements Target {
    @Override
    public String name() {
        return "direct";
    }

    @Override
    public Call open(int index, InetSocketAddress a, InetSocketAddress b) {
        return new Call(b.getPort(), a.getPort());
    }

    @Override
    public void close(int index) {
    }

    @Override
    public long cpuNanos() {
        return -1;
    }

    @Override
    public void close() {
    }
}
