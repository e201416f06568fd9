package io.softswitch.sip.internal;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.BlockingQueueDispatchAuditor;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.MessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's message processors, except that UDP datagrams are received into one reused 64 KiB
 * buffer, handed on as an exact-size copy, and queued so that one worker handles every datagram of
 * a Call-ID, in arrival order.
 *
 * <p>The stock {@code UDPMessageProcessor} allocates a fresh 64 KiB array for every datagram it
 * receives; at a few thousand messages a second that was more than half of the daemon's
 * allocation (JFR, bench/signalling at 150 calls/s: ~620 KiB allocated per call) and most of its
 * GC time. It is also where overload is shed ({@link OverloadShedder}): the receive thread sees
 * how long the oldest datagram has waited for a worker and answers new INVITEs {@code 503} at
 * once while that is too long.
 *
 * <p>The stock processor has one queue that all its worker threads take from, so two datagrams of
 * one call received back to back (a carrier's 180 and 200) could be handled by two workers in
 * either order, and a 180 handled after the 200 is dropped. Here the queue is a
 * {@link CallIdAffinityQueue}: one lane per worker, picked by the datagram's Call-ID. The stack's
 * congestion auditor (drops datagrams that waited longer than {@code CONGESTION_CONTROL_TIMEOUT})
 * is moved onto that queue. Everything else (the worker threads, how they stop, parsing) is the
 * stock stack's.
 */
public final class CompactUdpProcessorFactory implements MessageProcessorFactory {

    private static final Logger LOG = LoggerFactory.getLogger(CompactUdpProcessorFactory.class);

    /** Shedders of stacks being started, by stack name (JAIN-SIP instantiates this factory itself). */
    private static final Map<String, OverloadShedder> PREPARED = new ConcurrentHashMap<>();

    private final MessageProcessorFactory stock = new OIOMessageProcessorFactory();

    /** Before {@code createListeningPoint}: the overload policy of the stack named {@code stackName}. */
    static void prepare(String stackName, OverloadShedder shedder) {
        PREPARED.put(stackName, shedder);
    }

    /** After the listening points exist. */
    static void prepared(String stackName) {
        PREPARED.remove(stackName);
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
            String transport) throws IOException {
        if ("udp".equalsIgnoreCase(transport)) {
            OverloadShedder shedder = stack instanceof SipStackImpl impl ? PREPARED.get(impl.getStackName()) : null;
            Processor processor = new Processor(address, stack, port, workerThreads(stack), shedder);
            sendFromListeningSocket(stack);
            return processor;
        }
        return stock.createMessageProcessor(stack, address, port, transport);
    }

    /**
     * What the stock factory does for UDP: the stack's {@code udpFlag} makes UDP channels send from
     * the listening socket (else each message leaves from a fresh ephemeral port, and peers that
     * answer to the source address, as SIPp does, are never heard). The field is package-private.
     */
    private static void sendFromListeningSocket(SIPTransactionStack stack) throws IOException {
        try {
            Field flag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            flag.setAccessible(true);
            flag.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot enable UDP sends from the listening socket: " + e, e);
        }
    }

    /** How often the stock congestion auditor looks at the queue (its constructor's constant). */
    private static final int AUDIT_PERIOD_MS = 2000;

    /**
     * The stock constructor started a congestion auditor (when {@code CONGESTION_CONTROL_TIMEOUT} is
     * positive, 8 s by default) on the queue it created: it is replaced by one on {@code queue}, with
     * the same timeout and period. The field is package-private.
     */
    private static void auditQueue(UDPMessageProcessor processor, SIPTransactionStack stack,
            Queue<DatagramQueuedMessageDispatch> queue) throws IOException {
        try {
            Field field = UDPMessageProcessor.class.getDeclaredField("congestionAuditor");
            field.setAccessible(true);
            if (field.get(processor) instanceof BlockingQueueDispatchAuditor stale) {
                stale.stop();
                BlockingQueueDispatchAuditor auditor = new BlockingQueueDispatchAuditor(queue);
                auditor.setTimeout(stack.getStackCongestionControlTimeout());
                auditor.start(AUDIT_PERIOD_MS);
                field.set(processor, auditor);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot move the congestion auditor to the affinity queue: " + e, e);
        }
    }

    private static int workerThreads(SIPTransactionStack stack) {
        if (stack instanceof SipStackImpl impl) {
            String value = impl.getConfigurationProperties().getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE");
            if (value != null) {
                try {
                    return Integer.parseInt(value.trim());
                } catch (NumberFormatException e) {
                    // the stack itself rejects a bad value before it gets here
                }
            }
        }
        return 1;
    }

    private static final class Processor extends UDPMessageProcessor {

        private static final int MAX_DATAGRAM = 65_536;

        private final int workers;
        private final OverloadShedder shedder;

        Processor(InetAddress address, SIPTransactionStack stack, int port, int workers, OverloadShedder shedder)
                throws IOException {
            super(address, stack, port);
            // The stack asked for RECEIVE_UDP_BUFFER_SIZE; the kernel grants at most net.core.rmem_max
            // (and reports twice what it grants).
            int granted = sock.getReceiveBufferSize() / 2;
            int asked = stack instanceof SipStackImpl impl ? impl.getReceiveUdpBufferSize() : granted;
            if (granted < asked) {
                LOG.warn("SIP UDP {}:{} receive buffer {} KiB, asked {} KiB: bursts (GC pauses) beyond it are dropped by "
                        + "the kernel; raise net.core.rmem_max", address.getHostAddress(), sock.getLocalPort(),
                        granted >> 10, asked >> 10);
            } else {
                LOG.debug("SIP UDP {}:{} receive buffer {} KiB", address.getHostAddress(), sock.getLocalPort(), granted >> 10);
            }
            this.workers = Math.max(1, workers);
            // Before the workers exist: they are started in run(), and read the field on every take.
            messageQueue = new CallIdAffinityQueue(this.workers);
            try {
                auditQueue(this, stack, messageQueue);
            } catch (IOException e) {
                sock.close();
                throw e;
            }
            this.shedder = shedder != null && shedder.enabled() ? shedder : null;
        }

        @Override
        public void run() {
            LinkedList<UDPMessageChannel> channels = new LinkedList<>();
            for (int i = 0; i < workers; i++) {
                channels.add(new Worker(sipStack, this, stackName() + "-UDPMessageChannelThread-" + i));
            }
            messageChannels = channels;
            byte[] buffer = new byte[MAX_DATAGRAM];
            DatagramPacket received = new DatagramPacket(buffer, buffer.length);
            int reported = 0;
            while (isRunning) {
                try {
                    received.setData(buffer, 0, buffer.length);
                    sock.receive(received);
                    long now = System.currentTimeMillis();
                    if (shedder != null && shed(received, now)) {
                        continue;
                    }
                    byte[] copy = Arrays.copyOf(buffer, received.getLength());
                    DatagramPacket packet = new DatagramPacket(copy, copy.length, received.getAddress(),
                            received.getPort());
                    messageQueue.offer(new DatagramQueuedMessageDispatch(packet, now));
                    reported = 0;
                } catch (SocketException e) {
                    if (!isRunning) {
                        return;
                    }
                    reported = report(e, reported);
                } catch (IOException | RuntimeException e) {
                    reported = report(e, reported);
                }
            }
        }

        /** True when the datagram was dealt with here (answered 503 or dropped) because the workers are behind. */
        private boolean shed(DatagramPacket received, long now) throws IOException {
            DatagramQueuedMessageDispatch oldest = messageQueue.peek();
            boolean overloaded = shedder.overloaded(oldest == null ? 0 : oldest.getReceptionTime(), now);
            OverloadShedder.Verdict verdict = shedder.judge(received.getData(), received.getLength(), overloaded, now);
            if (verdict instanceof OverloadShedder.Answer answer) {
                shedder.shed();
                sock.send(new DatagramPacket(answer.response(), answer.response().length, received.getAddress(),
                        received.getPort()));
                return true;
            }
            return verdict instanceof OverloadShedder.Drop;
        }

        private String stackName() {
            return sipStack instanceof SipStackImpl impl ? impl.getStackName() : "sip";
        }

        private int report(Exception e, int reported) {
            if (reported < 10) {
                LOG.warn("UDP receive on {}:{} failed: {}", getIpAddress().getHostAddress(), getPort(), e.toString());
            }
            return reported + 1;
        }
    }

    /**
     * The stock worker: takes datagrams off the processor's queue (its own lane of it, see
     * {@link CallIdAffinityQueue}) and parses them; {@code stop()} interrupts it.
     */
    private static final class Worker extends UDPMessageChannel {
        Worker(SIPTransactionStack stack, UDPMessageProcessor processor, String name) {
            super(stack, processor, name);
        }
    }
}
