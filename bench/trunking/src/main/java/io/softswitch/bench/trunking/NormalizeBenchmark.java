package io.softswitch.bench.trunking;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.trunking.number.NormalizationCache;
import io.softswitch.trunking.number.NumberNormalizer;
import io.softswitch.trunking.number.NumberResult;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Number normalization, one thread, against libphonenumber's own parse + isValidNumber on the same
 * strings in the same run ({@link #referenceLibphonenumberParseAndValidate}, the cost of the old
 * normalizer's core).
 *
 * <p>Two streams, both over 3/4 US ({@code +1 NPA NXX XXXX}, ten area codes) and 1/4 London
 * ({@code +44 20 7XXX XXXX}) numbers, as E.164 and as US dialing forms ({@code (415) 555-0123},
 * {@code 011 44 20 7...}):
 *
 * <ul>
 *   <li>no-repeat: {@value #DISTINCT} distinct numbers in order, more than a measurement uses, so
 *       a cache of {@link NormalizationCache#DEFAULT_MAX_ENTRIES} cannot help (the
 *       {@code *NoRepeat*} benchmarks with a cache show its pure overhead);
 *   <li>Zipf: {@value #STREAM} draws with exponent 1 over {@value #UNIVERSE} distinct numbers
 *       (popularity ranks shuffled over the numbers), the repeat pattern of real destination
 *       traffic; with a 100,000-entry cache at most {@code H(100k)/H(1M)}, about 84%, of the draws
 *       can hit.
 * </ul>
 *
 * <p>Biases avoided: inputs come from large arrays indexed by a running counter (no constant
 * folding, no single learned branch, a working set beyond the CPU caches); every benchmark with a
 * cache gets its own, created per trial, so no run inherits another's entries; the inputs are
 * promoted to the old generation before measuring; results are returned so JMH sinks them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NormalizeBenchmark {
    static final int DISTINCT = 1 << 21;
    static final int UNIVERSE = 1_000_000;
    static final int STREAM = 1 << 20;
    private static final String[] AREA = {"415", "212", "312", "617", "206", "303", "404", "512", "713", "305"};

    final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    NumberNormalizer strictNoCache;
    NumberNormalizer strictCached;
    NumberNormalizer nationalNoCache;
    NumberNormalizer nationalCached;
    String[] e164;
    String[] national;
    int[] zipf;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        e164 = new String[DISTINCT];
        national = new String[DISTINCT];
        for (int i = 0; i < DISTINCT; i++) {
            if (i % 4 == 3) {
                String subscriber = Integer.toString(70_000_000 + i / 4);
                e164[i] = "+4420" + subscriber;
                national[i] = "011 44 20 " + subscriber.substring(0, 4) + " " + subscriber.substring(4);
            } else {
                String area = AREA[i % AREA.length];
                int rest = i / AREA.length;
                String exchange = Integer.toString(200 + rest / 10_000 % 800);
                String line = Integer.toString(10_000 + rest % 10_000).substring(1);
                e164[i] = "+1" + area + exchange + line;
                national[i] = "(" + area + ") " + exchange + "-" + line;
            }
        }
        zipf = zipfIndexes(new SplittableRandom(7));
        strictNoCache = new NumberNormalizer(NumberNormalization.STRICT, "US", NormalizationCache.NONE);
        nationalNoCache = new NumberNormalizer(NumberNormalization.NORMALIZE, "US", NormalizationCache.NONE);
        NormalizationCache cache = NormalizationCache.of(NormalizationCache.DEFAULT_MAX_ENTRIES);
        strictCached = new NumberNormalizer(NumberNormalization.STRICT, "US", cache);
        nationalCached = new NumberNormalizer(NumberNormalization.NORMALIZE, "US", cache);
        // Promote the ~300 MB of input strings now: otherwise the first young collection inside a
        // measured iteration copies them (a 0.4 s pause seen with Serial GC).
        System.gc();
    }

    /** Zipf(1) ranks over UNIVERSE numbers by inverse CDF; rank r is number perm[r]. */
    private static int[] zipfIndexes(SplittableRandom random) {
        double[] cdf = new double[UNIVERSE];
        double sum = 0;
        for (int r = 0; r < UNIVERSE; r++) {
            sum += 1.0 / (r + 1);
            cdf[r] = sum;
        }
        int[] perm = new int[UNIVERSE];
        for (int i = 0; i < UNIVERSE; i++) {
            perm[i] = i;
        }
        for (int i = UNIVERSE - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] stream = new int[STREAM];
        for (int k = 0; k < STREAM; k++) {
            int rank = java.util.Arrays.binarySearch(cdf, random.nextDouble() * sum);
            stream[k] = perm[rank < 0 ? -rank - 1 : rank];
        }
        return stream;
    }

    private int distinct() {
        return next++ & (DISTINCT - 1);
    }

    private int popular() {
        return zipf[next++ & (STREAM - 1)];
    }

    @Benchmark
    public boolean referenceLibphonenumberParseAndValidate() throws NumberParseException {
        return util.isValidNumber(util.parse(e164[distinct()], "ZZ"));
    }

    @Benchmark
    public NumberResult strictE164NoCache() {
        return strictNoCache.normalize(e164[distinct()]);
    }

    @Benchmark
    public NumberResult strictE164NoCacheZipf() {
        return strictNoCache.normalize(e164[popular()]);
    }

    @Benchmark
    public NumberResult strictE164CacheNoRepeat() {
        return strictCached.normalize(e164[distinct()]);
    }

    @Benchmark
    public NumberResult strictE164CacheZipf() {
        return strictCached.normalize(e164[popular()]);
    }

    @Benchmark
    public NumberResult nationalFormsNoCache() {
        return nationalNoCache.normalize(national[distinct()]);
    }

    @Benchmark
    public NumberResult nationalFormsNoCacheZipf() {
        return nationalNoCache.normalize(national[popular()]);
    }

    @Benchmark
    public NumberResult nationalFormsCacheNoRepeat() {
        return nationalCached.normalize(national[distinct()]);
    }

    @Benchmark
    public NumberResult nationalFormsCacheZipf() {
        return nationalCached.normalize(national[popular()]);
    }
}
