package io.softswitch.media.internal.srtp;

import io.softswitch.media.SrtpSuite;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;

/**
 * jitsi-srtp picks the fastest AES implementation (OpenSSL, SunJCE, BouncyCastle) for each cipher
 * mode by benchmarking them the first time the mode is used in the JVM: from tens of milliseconds
 * to seconds on a loaded machine, inside a global lock. Done on a media event loop by the first
 * SRTP call, that would stall every session of the loop; so the relay runs it once, at start, on a
 * thread of its own. When jitsi-srtp's native OpenSSL binding loaded, it is chosen outright (the
 * fastest here for both CTR and GCM; the benchmark of the pure-Java GCM alone took 7 s on a loaded
 * 2-core machine).
 */
public final class SrtpWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CompletableFuture<Void> DONE = new CompletableFuture<>();

    private SrtpWarmUp() {
    }

    /** Starts the one warm-up of this JVM in the background; later calls do nothing. */
    public static void start() {
        if (STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(SrtpWarmUp::run, "srtp-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Waits for the warm-up (tests: the first packet must not wait for a benchmark); false on timeout. */
    public static boolean await(Duration timeout) {
        start();
        try {
            DONE.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    static void run() {
        try {
            if (JitsiOpenSslProvider.isLoaded()) {
                Aes.setFactoryClassName(Aes.class.getName() + "$OpenSSLCipherFactory");
            }
        } catch (RuntimeException | LinkageError e) {
            // No native binding: jitsi-srtp benchmarks the Java providers itself.
        }
        byte[] rtp = new byte[32];
        rtp[0] = (byte) 0x80;
        for (SrtpSuite suite : SrtpSuite.values()) {
            try (SrtpStream stream = SrtpStream.protect(SdesCrypto.generate(1, suite))) {
                SrtpTranslator.transform(rtp, false, 1, stream);
            } catch (RuntimeException e) {
                // Not fatal: the first call of that suite then picks the implementation itself.
            }
        }
        DONE.complete(null);
    }
}
