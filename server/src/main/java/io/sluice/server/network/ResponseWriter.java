package io.sluice.server.network;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.sluice.common.Send;
import io.sluice.record.FileSlice;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes one response: the 4-byte size prefix, then the {@link Send}'s parts in order.
 *
 * <p>Runs of consecutive in-memory parts (the prefix included) go out as one {@link CompositeByteBuf}
 * wrapping the caller's buffers without copying, so the transport can write them with one gathering
 * write; each {@link FileSlice} becomes a {@link BorrowedFileRegion} that the transport sends with
 * {@code sendfile}. Record bytes in file slices never enter the JVM heap.
 *
 * <p>Called on the connection's event loop only.
 */
final class ResponseWriter {

    private ResponseWriter() {
    }

    /**
     * Writes and flushes the whole response.
     *
     * @return the future of the last write: it succeeds only when every part has been handed to the socket
     * @throws IllegalArgumentException if the response does not fit a frame (size above 2^31-1)
     */
    static ChannelFuture write(ChannelHandlerContext ctx, Send send) {
        long size = send.sizeInBytes();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("response of " + size + " bytes does not fit one frame");
        }
        List<Object> parts = send.parts();
        CompositeByteBuf buffers = ctx.alloc().compositeBuffer(parts.size() + 1);
        buffers.addComponent(true, ctx.alloc().buffer(FrameDecoder.SIZE_PREFIX_BYTES).writeInt((int) size));
        ChannelFuture last = null;
        for (Object part : parts) {
            if (part instanceof ByteBuffer buffer) {
                buffers.addComponent(true, Unpooled.wrappedBuffer(buffer.duplicate()));
            } else {
                FileSlice slice = (FileSlice) part;
                if (buffers.isReadable()) {
                    ctx.write(buffers);
                    buffers = ctx.alloc().compositeBuffer(parts.size());
                }
                last = ctx.write(new BorrowedFileRegion(slice));
            }
        }
        if (buffers.isReadable()) {
            last = ctx.write(buffers);
        } else {
            buffers.release();
        }
        ctx.flush();
        return last;
    }

    /** Bytes on the wire for this response, size prefix included. */
    static long frameBytes(Send send) {
        return FrameDecoder.SIZE_PREFIX_BYTES + send.sizeInBytes();
    }
}
