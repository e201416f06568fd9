package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.core.LogLevels;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stack's level checks answer what SLF4J's logger {@code gov.nist} would, for every JAIN-SIP level. */
class Slf4jStackLoggerTest {
    private static final Logger LOG = LoggerFactory.getLogger("gov.nist");

    @Test
    void everyTraceLevelMapsToTheSlf4jLevel() {
        Slf4jStackLogger logger = new Slf4jStackLogger();
        assertThat(logger.isLoggingEnabled(LogLevels.TRACE_NONE)).isFalse();
        for (int level = 1; level <= 128; level++) {
            boolean expected = level >= LogLevels.TRACE_TRACE ? LOG.isTraceEnabled()
                    : level >= LogLevels.TRACE_DEBUG ? LOG.isDebugEnabled()
                    : level >= LogLevels.TRACE_INFO ? LOG.isInfoEnabled()
                    : level >= LogLevels.TRACE_WARN ? LOG.isWarnEnabled()
                    : LOG.isErrorEnabled();
            assertThat(logger.isLoggingEnabled(level)).as("level %d", level).isEqualTo(expected);
        }
        // With the test configuration some levels are on and some off, so both answers were checked.
        assertThat(logger.isLoggingEnabled(LogLevels.TRACE_ERROR)).isTrue();
        assertThat(logger.isLoggingEnabled(LogLevels.TRACE_DEBUG)).isFalse();
    }
}
