package io.softswitch.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@link Jdbc#utc} is {@code OffsetDateTime.ofInstant(t, UTC)} without a ZoneRules per call. */
class JdbcUtcTest {
    @Test
    void sameValueAsOfInstantAtUtc() {
        for (Instant t : new Instant[] {Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("2026-12-03T08:15:30.123456789Z"), Instant.parse("2400-02-29T00:00:00Z"), Instant.now()}) {
            assertThat(Jdbc.utc(t)).isEqualTo(OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        }
    }
}
