package io.sluice.server.network;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts one connection's byte stream into request frames, one frame per call, with bounded memory.
 *
 * <pre>
 *   frame := size:int32 (big-endian, not counting itself) body:byte[size]
 * </pre>
 *
 * <h2>States</h2>
 * <ul>
 *   <li>{@code READ_SIZE}: collecting the 4 size bytes (they may arrive one by one). A size below 0 or
 *       above {@code maxFrameBytes} is rejected here, before any body memory is allocated.</li>
 *   <li>{@code READ_BODY}: copying body bytes into a heap array. When the whole body is already readable
 *       the array is allocated at its exact size; otherwise it starts small and doubles as bytes arrive
 *       (capped at the frame size), so a client that announces a large frame and then trickles or stops
 *       holds at most about twice what it actually sent, never the announced size.</li>
 * </ul>
 * A completed frame is returned as a heap {@link ByteBuffer} of exactly the frame size, and the decoder
 * goes back to {@code READ_SIZE}. Bytes after the frame's end stay unread in the input, which is how the
 * caller keeps pipelined requests queued without decoding them early.
 *
 * <p>Not thread-safe: owned by one connection and used on its event loop only. After it has thrown
 * {@link InvalidFrameException} it must not be used again (the connection is closed).
 */
final class FrameDecoder {

    static final int SIZE_PREFIX_BYTES = 4;

    /** First body allocation when a frame arrives in pieces; about one TCP receive's worth. */
    static final int FIRST_PARTIAL_ALLOCATION = 16 * 1024;

    private enum State { READ_SIZE, READ_BODY }

    private final int maxFrameBytes;

    private State state = State.READ_SIZE;
    private int sizeBytesSeen;
    private int size;
    private byte[] body;
    private int bodyFilled;

    FrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 0) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 0: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Reads from {@code in} up to the end of the next frame.
     *
     * @return the complete frame, or null when {@code in} ran out first (its bytes are kept in the decoder)
     * @throws InvalidFrameException when the size prefix is negative or above the maximum
     */
    ByteBuffer decode(ByteBuf in) throws InvalidFrameException {
        while (in.isReadable()) {
            if (state == State.READ_SIZE) {
                if (sizeBytesSeen == 0 && in.readableBytes() >= SIZE_PREFIX_BYTES) {
                    size = in.readInt();
                    sizeBytesSeen = SIZE_PREFIX_BYTES;
                } else {
                    size = (size << 8) | in.readUnsignedByte();
                    sizeBytesSeen++;
                }
                if (sizeBytesSeen == SIZE_PREFIX_BYTES) {
                    startBody(in.readableBytes());
                    if (size == 0) {
                        return finishFrame();
                    }
                }
            } else {
                int count = Math.min(in.readableBytes(), size - bodyFilled);
                ensureCapacity(bodyFilled + count);
                in.readBytes(body, bodyFilled, count);
                bodyFilled += count;
                if (bodyFilled == size) {
                    return finishFrame();
                }
            }
        }
        return null;
    }

    /** Heap bytes this decoder holds for a partial frame (for tests and accounting). */
    int bufferedBytes() {
        return body == null ? 0 : body.length;
    }

    /** True when some bytes of a frame (size prefix or body) have been consumed but the frame is not complete. */
    boolean hasPartialFrame() {
        return sizeBytesSeen > 0;
    }

    private void startBody(int readable) throws InvalidFrameException {
        if (size < 0) {
            throw new InvalidFrameException("negative frame size " + size);
        }
        if (size > maxFrameBytes) {
            throw new InvalidFrameException("frame size " + size + " is larger than socket.request.max.bytes ("
                    + maxFrameBytes + ")");
        }
        state = State.READ_BODY;
        bodyFilled = 0;
        body = new byte[readable >= size ? size : Math.min(size, Math.max(readable, FIRST_PARTIAL_ALLOCATION))];
    }

    private void ensureCapacity(int needed) {
        if (needed > body.length) {
            int grown = (int) Math.min(size, Math.max((long) needed, 2L * body.length));
            body = Arrays.copyOf(body, grown);
        }
    }

    private ByteBuffer finishFrame() {
        ByteBuffer frame = ByteBuffer.wrap(body);
        state = State.READ_SIZE;
        sizeBytesSeen = 0;
        size = 0;
        body = null;
        bodyFilled = 0;
        return frame;
    }
}
