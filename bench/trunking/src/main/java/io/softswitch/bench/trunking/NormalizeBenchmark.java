package io.softswitch.bench.trunking;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.trunking.number.NumberNormalizer;
import io.softswitch.trunking.number.NumberResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Number normalization, one thread. Inputs cycle through 1024 distinct fictional numbers
 * (+1 NPA 555 01xx in 10 area codes, GB 020 7946 0xxx) so that no input is constant-folded and
 * libphonenumber's regex caches see a realistic mix. The reference is libphonenumber's own
 * parse + isValidNumber on the same strings: the floor our normalizer builds on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NormalizeBenchmark {
    private static final int MASK = 1023;
    private static final String[] AREA = {"415", "212", "312", "617", "206", "303", "404", "512", "713", "305"};

    final NumberNormalizer strict = new NumberNormalizer(NumberNormalization.STRICT, "US");
    final NumberNormalizer normalize = new NumberNormalizer(NumberNormalization.NORMALIZE, "US");
    final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    String[] e164;
    String[] national;
    int next;

    @Setup
    public void setUp() {
        e164 = new String[MASK + 1];
        national = new String[MASK + 1];
        for (int i = 0; i <= MASK; i++) {
            String line = String.format("%02d", i % 100);
            if (i % 4 == 3) {
                e164[i] = "+44207946" + String.format("%04d", i % 1000);
                national[i] = "011 44 20 7946 " + String.format("%04d", i % 1000);
            } else {
                String area = AREA[i % AREA.length];
                e164[i] = "+1" + area + "55501" + line;
                national[i] = "(" + area + ") 555-01" + line;
            }
        }
    }

    @Benchmark
    public NumberResult strictE164() {
        return strict.normalize(e164[next++ & MASK]);
    }

    @Benchmark
    public NumberResult normalizeNationalForms() {
        return normalize.normalize(national[next++ & MASK]);
    }

    @Benchmark
    public boolean referenceLibphonenumberParseAndValidate() throws NumberParseException {
        return util.isValidNumber(util.parse(e164[next++ & MASK], "ZZ"));
    }
}
