package io.softswitch.voice.tts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * espeak-ng as an external process: {@code espeak-ng --stdout -b 1 -v VOICE}, the text on stdin (so
 * text starting with {@code -} is never an option), the WAV on stdout converted to 8 kHz mono.
 * Processes run on the given bounded executor, never on the caller's thread. Debian package
 * {@code espeak-ng} (GPL-3+, run as a separate program).
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {
    /** Twilio's limit on {@code <Say>} text. */
    public static final int MAX_TEXT = 4096;
    public static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(20);

    private final String binary;
    private final Executor executor;

    public EspeakSynthesizer(String binary, Executor executor) {
        this.binary = binary;
        this.executor = executor;
    }

    /**
     * Checks that the engine runs ({@code --version}); call at start when a number uses
     * {@code <Say>}, so a missing engine is a clear error then, not mid-call.
     */
    public void check() {
        try {
            Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new TtsException(binary + " --version failed");
            }
        } catch (IOException e) {
            throw missing(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtsException("interrupted while checking " + binary, e);
        }
    }

    @Override
    public CompletionStage<PcmAudio> synthesize(String text, String voice, String language) {
        String input = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
        return CompletableFuture.supplyAsync(() -> run(input, espeakVoice(voice, language)), executor);
    }

    /** TwiML voice and language as an espeak-ng voice: {@code en-us}, {@code en-us+f3} for women. */
    static String espeakVoice(String voice, String language) {
        String lang = language == null || language.isBlank() ? "en-us" : language.toLowerCase(Locale.ROOT);
        if (!lang.matches("[a-z]{2,3}(-[a-z0-9]{2,8})?")) {
            lang = "en-us";
        }
        String v = voice == null ? "" : voice.toLowerCase(Locale.ROOT);
        boolean female = v.equals("woman") || v.equals("alice") || v.startsWith("polly.") && !v.contains("matthew")
                || v.contains("female");
        return female ? lang + "+f3" : lang;
    }

    private PcmAudio run(String text, String voice) {
        Process p;
        try {
            p = new ProcessBuilder(List.of(binary, "--stdout", "-b", "1", "-v", voice))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw missing(e);
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            byte[] wav;
            try (InputStream out = p.getInputStream()) {
                wav = out.readAllBytes();
            }
            if (!p.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new TtsException(binary + " did not finish in " + PROCESS_TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new TtsException(binary + " exited with " + p.exitValue() + " for voice " + voice);
            }
            return Wav.read(wav);
        } catch (IOException | WavFormatException e) {
            throw new TtsException(binary + " output unreadable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtsException("interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }

    private TtsException missing(IOException e) {
        return new TtsException("text-to-speech engine '" + binary + "' cannot be run (" + e.getMessage()
                + "): install the Debian package espeak-ng", e);
    }
}
