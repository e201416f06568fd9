package io.softswitch.sip.internal;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's logging, sent to SLF4J under the logger name {@code gov.nist}. Levels follow the
 * SLF4J configuration as it is when the stack starts; JAIN-SIP's own TRACE_LEVEL property is ignored.
 */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("gov.nist");

    /** Levels up to this one are logged (read once, when the stack creates its logger). */
    private final int enabledUpTo = enabledUpTo();
    private volatile String stackName;

    public Slf4jStackLogger() {
    }

    @Override
    public void logStackTrace() {
        if (LOG.isDebugEnabled()) {
            LOG.debug("stack trace", new Throwable());
        }
    }

    @Override
    public void logStackTrace(int traceLevel) {
        logStackTrace();
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable ex) {
        LOG.warn("JAIN-SIP exception", ex);
    }

    @Override
    public void logDebug(String message) {
        LOG.debug(message);
    }

    @Override
    public void logDebug(String message, Exception ex) {
        LOG.debug(message, ex);
    }

    @Override
    public void logTrace(String message) {
        LOG.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(message);
    }

    @Override
    public void logError(String message) {
        LOG.error(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOG.isInfoEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int logLevel) {
        // The stack asks this on nearly every step of every message: answer from the levels read
        // when the stack started instead of asking SLF4J each time.
        return logLevel > TRACE_NONE && logLevel <= enabledUpTo;
    }

    /**
     * The highest JAIN-SIP trace level the SLF4J logger {@code gov.nist} lets through: a level at or
     * above TRACE_TRACE needs SLF4J trace, at or above TRACE_DEBUG debug, and so on down to error.
     */
    private static int enabledUpTo() {
        if (LOG.isTraceEnabled()) {
            return Integer.MAX_VALUE;
        }
        if (LOG.isDebugEnabled()) {
            return TRACE_TRACE - 1;
        }
        if (LOG.isInfoEnabled()) {
            return TRACE_DEBUG - 1;
        }
        if (LOG.isWarnEnabled()) {
            return TRACE_INFO - 1;
        }
        return LOG.isErrorEnabled() ? TRACE_WARN - 1 : TRACE_NONE;
    }

    @Override
    public void logError(String message, Exception ex) {
        if (TlsRefusals.handled(stackName, message, ex)) {
            return;
        }
        if (message != null && message.startsWith("A problem occured while trying to send a single CLRF")) {
            // a keep-alive answer to a peer that has closed its connection: nothing is lost
            LOG.debug(message, ex);
            return;
        }
        if (ex instanceof javax.net.ssl.SSLException) {
            // an outbound TLS peer we refused (untrusted certificate, wrong name) or that refused us:
            // the request fails and the call engine reports it; one line and a count are enough
            TlsRefusals.peerFailed(stackName, ex);
            return;
        }
        LOG.error(message, ex);
    }

    @Override
    public void logWarning(String message) {
        // The stack's notes that its own key-store-file TLS is unused: ours is TlsNetworkLayer.
        if (message != null && (message.startsWith("using default tls security policy")
                || message.startsWith("Using default keystore type") || message.startsWith("Using default truststore")
                || message.startsWith("TLS server settings will be inactive")
                || message.startsWith("TLS trust settings will be inactive"))) {
            LOG.debug(message);
            return;
        }
        LOG.warn(message);
    }

    @Override
    public void logInfo(String message) {
        LOG.info(message);
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        stackName = stackProperties.getProperty("javax.sip.STACK_NAME");
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
