package io.sluice.server.network;

import io.netty.channel.DefaultFileRegion;
import io.sluice.record.FileSlice;

/**
 * A {@link DefaultFileRegion} over a channel the log owns: releasing the region leaves the channel open.
 *
 * <p>Why a subclass and not our own {@code FileRegion}: the epoll transport uses native {@code sendfile}
 * only for {@code DefaultFileRegion} instances (other regions go through {@code transferTo} into a
 * {@code WritableByteChannel} adapter), and the NIO transport calls {@code FileChannel.transferTo} into the
 * socket channel; both are zero-copy. But {@code DefaultFileRegion.deallocate()} closes its file channel,
 * which here belongs to a log segment that other readers are still using.
 *
 * <p>If the file shrinks under the region (truncation), the inherited {@code transferTo} fails with an
 * {@code IOException} and the connection is closed rather than sending short data.
 */
final class BorrowedFileRegion extends DefaultFileRegion {

    private final FileSlice slice;

    BorrowedFileRegion(FileSlice slice) {
        super(slice.channel(), slice.position(), slice.length());
        this.slice = slice;
    }

    @Override
    protected void deallocate() {
        // The log owns the channel; it stays open for other readers. Give back the slice's reference.
        slice.release();
    }
}
