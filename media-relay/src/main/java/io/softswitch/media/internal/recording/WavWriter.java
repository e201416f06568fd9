package io.softswitch.media.internal.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A RIFF/WAVE file of 8 kHz 16-bit PCM (format tag 1, 1 or 2 channels) written by appending. After
 * every append the two size fields are rewritten (RIFF chunk at offset 4, data chunk at 40), so the
 * file on disk is a valid WAV of everything appended so far. Not thread-safe: one writer thread.
 */
public final class WavWriter implements AutoCloseable {
    public static final int SAMPLE_RATE = 8000;
    static final int HEADER = 44;

    private final Path file;
    private final int channels;
    private final FileChannel channel;
    private final ByteBuffer sizes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;

    /** Creates {@code file} (which must not exist) with an empty data chunk. */
    public WavWriter(Path file, int channels) throws IOException {
        this.file = file;
        this.channels = channels;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            channel.write(header(channels, 0));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** The 44-byte canonical header for {@code dataBytes} of PCM. */
    static ByteBuffer header(int channels, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(SAMPLE_RATE)
                .putInt(SAMPLE_RATE * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return b.flip();
    }

    /** Appends interleaved little-endian samples and updates the header's sizes. */
    public void append(byte[] pcm) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(pcm);
        while (data.hasRemaining()) {
            channel.write(data, HEADER + dataBytes + data.position());
        }
        dataBytes += pcm.length;
        writeSize(4, 36 + dataBytes);
        writeSize(40, dataBytes);
    }

    private void writeSize(long offset, long value) throws IOException {
        sizes.clear();
        sizes.putInt((int) value).flip();
        while (sizes.hasRemaining()) {
            channel.write(sizes, offset + sizes.position());
        }
    }

    public long dataBytes() {
        return dataBytes;
    }

    public int channels() {
        return channels;
    }

    public Path file() {
        return file;
    }

    /** Flushes to the device and closes. */
    @Override
    public void close() throws IOException {
        try {
            channel.force(false);
        } finally {
            channel.close();
        }
    }

    /**
     * Cuts leading and trailing silence from a closed file (frames whose every sample is within
     * {@code threshold}), keeping the file valid at every step: the kept audio goes to a sibling
     * file that then replaces it. Returns the data bytes kept.
     */
    public static long trimSilence(Path file, int channels, int threshold) throws IOException {
        long size = Files.size(file) - HEADER;
        int frame = 2 * channels;
        long first = -1;
        long last = -1;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024 - (64 * 1024) % frame).order(ByteOrder.LITTLE_ENDIAN);
            long pos = 0;
            while (pos < size) {
                buf.clear();
                int n = in.read(buf, HEADER + pos);
                if (n <= 0) {
                    break;
                }
                n -= n % frame;
                for (int i = 0; i < n; i += 2) {
                    if (Math.abs(buf.getShort(i)) > threshold) {
                        long at = (pos + i) - (pos + i) % frame;
                        if (first < 0) {
                            first = at;
                        }
                        last = at;
                    }
                }
                pos += n;
            }
            long keep = first < 0 ? 0 : last + frame - first;
            if (keep == size) {
                return size;
            }
            Path trimmed = file.resolveSibling(file.getFileName() + ".trim");
            try (FileChannel out = FileChannel.open(trimmed, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                out.write(header(channels, keep));
                long copied = 0;
                while (copied < keep) {
                    copied += in.transferTo(HEADER + first + copied, keep - copied, out);
                }
                out.force(false);
            }
            Files.move(trimmed, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return keep;
        }
    }
}
