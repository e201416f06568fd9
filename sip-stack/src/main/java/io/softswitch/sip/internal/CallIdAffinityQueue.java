package io.softswitch.sip.internal;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import java.net.DatagramPacket;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UDP processor's receive queue, one FIFO lane per SIP worker thread, so that every datagram
 * of one Call-ID is handled by the same worker in arrival order. With one shared queue, a
 * carrier's 180 and 200 received back to back could be parsed by two workers in either order, and
 * a 180 handled after the 200 is dropped (the PBX never hears ringing).
 *
 * <p>Threading: {@link #offer} is called by the receive thread; it finds the Call-ID in the raw
 * bytes ({@link #callIdHash}) and queues the datagram on the lane its hash picks, or, without a
 * findable Call-ID, on the shortest lane (the stack then answers or drops it as before). Each
 * worker thread is bound to one lane on its first {@link #take()} or {@link #poll(long, TimeUnit)}
 * (lanes are handed out in that order) and only ever serves that lane; a thread beyond the number
 * of lanes gets an {@link IllegalStateException} and takes nothing. {@link #peek()} and
 * {@link #poll()} are the oldest datagram over all lanes (the overload shedder's queue delay and
 * the stack's congestion auditor, which drops datagrams waited too long); {@link #size()} is the
 * total. Operations neither JAIN-SIP nor we use throw {@link UnsupportedOperationException}.
 *
 * <p>The cost of affinity: a worker that blocks stalls every call hashed to its lane, not 1/N of
 * the capacity, so nothing run on a SIP thread may block for long.
 */
final class CallIdAffinityQueue extends AbstractQueue<DatagramQueuedMessageDispatch>
        implements BlockingQueue<DatagramQueuedMessageDispatch> {

    /** What {@link #callIdHash} returns for a datagram whose Call-ID is not found. */
    static final long NO_CALL_ID = -1;

    private final LinkedBlockingQueue<DatagramQueuedMessageDispatch>[] lanes;
    private final AtomicInteger boundThreads = new AtomicInteger();
    private final ThreadLocal<LinkedBlockingQueue<DatagramQueuedMessageDispatch>> ownLane = new ThreadLocal<>();

    @SuppressWarnings("unchecked")
    CallIdAffinityQueue(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers: " + workers + " (expected: >= 1)");
        }
        lanes = new LinkedBlockingQueue[workers];
        for (int i = 0; i < workers; i++) {
            lanes[i] = new LinkedBlockingQueue<>();
        }
    }

    /** Number of lanes (= worker threads). */
    int lanes() {
        return lanes.length;
    }

    /** The lane {@code message} goes to: by its Call-ID, else the shortest. */
    int laneOf(byte[] message, int length) {
        long hash = callIdHash(message, length);
        if (hash != NO_CALL_ID) {
            int h = (int) hash;
            return Math.floorMod(h ^ (h >>> 16), lanes.length);
        }
        int shortest = 0;
        for (int i = 1; i < lanes.length; i++) {
            if (lanes[i].size() < lanes[shortest].size()) {
                shortest = i;
            }
        }
        return shortest;
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch dispatch) {
        DatagramPacket packet = Objects.requireNonNull(dispatch, "dispatch").packet;
        return lanes[laneOf(packet.getData(), packet.getLength())].offer(dispatch);
    }

    @Override
    public void put(DatagramQueuedMessageDispatch dispatch) {
        offer(dispatch);
    }

    @Override
    public boolean offer(DatagramQueuedMessageDispatch dispatch, long timeout, TimeUnit unit) {
        return offer(dispatch);
    }

    /** The calling worker's next datagram, waiting for one. */
    @Override
    public DatagramQueuedMessageDispatch take() throws InterruptedException {
        return ownLane().take();
    }

    /** The calling worker's next datagram, waiting at most {@code timeout}. */
    @Override
    public DatagramQueuedMessageDispatch poll(long timeout, TimeUnit unit) throws InterruptedException {
        return ownLane().poll(timeout, unit);
    }

    private LinkedBlockingQueue<DatagramQueuedMessageDispatch> ownLane() {
        LinkedBlockingQueue<DatagramQueuedMessageDispatch> lane = ownLane.get();
        if (lane == null) {
            int index = boundThreads.getAndIncrement();
            if (index >= lanes.length) {
                throw new IllegalStateException("SIP worker thread " + Thread.currentThread().getName()
                        + " is worker " + (index + 1) + " of " + lanes.length + ": every lane is served already");
            }
            lane = lanes[index];
            ownLane.set(lane);
        }
        return lane;
    }

    /** The oldest datagram over all lanes (by reception time), or null when all are empty. */
    @Override
    public DatagramQueuedMessageDispatch peek() {
        DatagramQueuedMessageDispatch oldest = null;
        for (LinkedBlockingQueue<DatagramQueuedMessageDispatch> lane : lanes) {
            DatagramQueuedMessageDispatch head = lane.peek();
            if (head != null && (oldest == null || head.getReceptionTime() < oldest.getReceptionTime())) {
                oldest = head;
            }
        }
        return oldest;
    }

    /** Removes the oldest datagram over all lanes (the stack's congestion auditor drops it). */
    @Override
    public DatagramQueuedMessageDispatch poll() {
        while (true) {
            DatagramQueuedMessageDispatch oldest = peek();
            if (oldest == null) {
                return null;
            }
            for (LinkedBlockingQueue<DatagramQueuedMessageDispatch> lane : lanes) {
                if (lane.remove(oldest)) {
                    return oldest;
                }
            }
            // a worker took it meanwhile: look again
        }
    }

    @Override
    public int size() {
        int total = 0;
        for (LinkedBlockingQueue<DatagramQueuedMessageDispatch> lane : lanes) {
            total += lane.size();
        }
        return total;
    }

    @Override
    public boolean isEmpty() {
        for (LinkedBlockingQueue<DatagramQueuedMessageDispatch> lane : lanes) {
            if (!lane.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Iterator<DatagramQueuedMessageDispatch> iterator() {
        throw new UnsupportedOperationException("iterator");
    }

    @Override
    public int drainTo(Collection<? super DatagramQueuedMessageDispatch> c) {
        throw new UnsupportedOperationException("drainTo");
    }

    @Override
    public int drainTo(Collection<? super DatagramQueuedMessageDispatch> c, int maxElements) {
        throw new UnsupportedOperationException("drainTo");
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CallIdAffinityQueue[");
        for (int i = 0; i < lanes.length; i++) {
            s.append(i == 0 ? "" : ", ").append(lanes[i].size());
        }
        return s.append(']').toString();
    }

    /**
     * A 32-bit FNV-1a hash of the Call-ID value in the first {@code length} bytes of
     * {@code message} (as an unsigned {@code long}), or {@link #NO_CALL_ID}. Scans the raw head
     * without allocating: leading CRLFs and the start line are skipped (RFC 3261 §7.5), lines end
     * with CRLF or a bare LF, the head ends at the first empty line (§7). The header name is
     * {@code Call-ID} or its compact form {@code i} in any case, followed by {@code HCOLON}
     * ({@code *( SP / HTAB ) ":" SWS}, §25.1, where {@code SWS} may fold onto the next line); the
     * value is {@code callid = word [ "@" word ]} (§20.8), so it ends at the first whitespace.
     * Call-IDs compare byte by byte (§8.1.1.4), so the value's bytes are hashed as they are. The
     * first Call-ID counts (the stack rejects a message with two).
     */
    static long callIdHash(byte[] message, int length) {
        int i = SipHead.start(message, length);
        i = nextLine(message, i, length); // the start line
        while (i < length) {
            byte first = message[i];
            if (first == '\r' || first == '\n') {
                return NO_CALL_ID; // the empty line: end of the head
            }
            if (first != ' ' && first != '\t') { // not a continuation line
                int value = callIdValue(message, i, length);
                if (value >= 0) {
                    return hashWord(message, value, length);
                }
            }
            i = nextLine(message, i, length);
        }
        return NO_CALL_ID;
    }

    /** Index just after the LF ending the line at {@code from}, or {@code length}. */
    private static int nextLine(byte[] message, int from, int length) {
        int i = from;
        while (i < length && message[i] != '\n') {
            i++;
        }
        return Math.min(i + 1, length);
    }

    /** For a {@code Call-ID} / {@code i} header line at {@code from}: the index after its colon; else -1. */
    private static int callIdValue(byte[] message, int from, int length) {
        int i;
        if (matchesIgnoreCase(message, from, length, "call-id")) {
            i = from + 7;
        } else if ((message[from] | 0x20) == 'i') {
            i = from + 1;
        } else {
            return -1;
        }
        while (i < length && (message[i] == ' ' || message[i] == '\t')) {
            i++;
        }
        return i < length && message[i] == ':' ? i + 1 : -1;
    }

    private static boolean matchesIgnoreCase(byte[] message, int from, int length, String lowerName) {
        if (length - from < lowerName.length()) {
            return false;
        }
        for (int k = 0; k < lowerName.length(); k++) {
            if ((message[from + k] | 0x20) != lowerName.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Hash of the word after {@code SWS} at {@code from}; {@link #NO_CALL_ID} when it is empty. */
    private static long hashWord(byte[] message, int from, int length) {
        int i = from;
        while (i < length) {
            byte b = message[i];
            if (b == ' ' || b == '\t') {
                i++;
            } else if (b == '\r' || b == '\n') {
                // a line fold (CRLF or LF, then SP/HTAB) continues SWS; anything else ends the header
                int lf = b == '\r' && i + 1 < length && message[i + 1] == '\n' ? i + 1 : i;
                if (message[lf] != '\n' || lf + 1 >= length || (message[lf + 1] != ' ' && message[lf + 1] != '\t')) {
                    return NO_CALL_ID;
                }
                i = lf + 1;
            } else {
                break;
            }
        }
        int hash = 0x811c9dc5;
        int start = i;
        while (i < length) {
            byte b = message[i];
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                break;
            }
            hash = (hash ^ (b & 0xff)) * 0x01000193;
            i++;
        }
        return i == start ? NO_CALL_ID : hash & 0xffffffffL;
    }
}
