package io.softswitch.core.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * A Lua script of this package run by {@code EVALSHA}, falling back to {@code EVAL} once when
 * Redis lost its script cache (a restart, {@code SCRIPT FLUSH}): the NOSCRIPT answer means the
 * script did not run, so running it again is safe.
 */
record LuaScript(String source, String sha) {
    static LuaScript load(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            String src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new LuaScript(src, sha1(src));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the script into Redis's cache, so the calls that follow do not pay a NOSCRIPT. */
    CompletableFuture<String> load(RedisClusterAsyncCommands<String, String> r) {
        return r.scriptLoad(source).toCompletableFuture();
    }

    /** Runs the script without waiting (timer work, rollbacks, releases). */
    CompletableFuture<Long> run(RedisClusterAsyncCommands<String, String> r, String[] keys, String... args) {
        RedisFuture<Long> f = r.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        return f.toCompletableFuture().handle((v, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(v);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                RedisFuture<Long> again = r.eval(source, ScriptOutputType.INTEGER, keys, args);
                return again.toCompletableFuture();
            }
            return CompletableFuture.<Long>failedFuture(cause);
        }).thenCompose(x -> x);
    }

    /**
     * Runs the script and waits for its answer until {@code deadlineNanos} ({@link System#nanoTime}),
     * on Lettuce's own future, with no stage chained per call. When the wait ends without an answer
     * (timeout, interrupt), the script may still run: {@code lateAnswer} gets its answer if it comes.
     */
    long call(RedisClusterAsyncCommands<String, String> r, String[] keys, String[] args, long deadlineNanos,
            LongConsumer lateAnswer) throws InterruptedException, ExecutionException, TimeoutException {
        RedisFuture<Long> f = r.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        try {
            return await(f, deadlineNanos, lateAnswer);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
        }
        RedisFuture<Long> again = r.eval(source, ScriptOutputType.INTEGER, keys, args);
        return await(again, deadlineNanos, lateAnswer);
    }

    private static long await(RedisFuture<Long> f, long deadlineNanos, LongConsumer lateAnswer)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException | TimeoutException e) {
            f.thenAccept(lateAnswer::accept);
            throw e;
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
