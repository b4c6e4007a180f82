package io.sluice.server.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.sluice.common.Send;
import io.sluice.server.config.SecurityProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: cuts its bytes into frames, hands them to the {@link RequestHandler} one at a
 * time and writes the answers in order.
 *
 * <h2>Ordering and back-pressure</h2>
 * At most one request of a connection is in flight: from the moment a frame is complete until its response
 * has been written (or the handler answered "no response"). Meanwhile the channel is muted (auto-read off),
 * and any pipelined bytes that came with the same read stay undecoded in {@code unread}: that buffer is the
 * connection's request queue, and it never holds more than one socket read. When the request finishes, the
 * next frame is cut from {@code unread}; only when no complete frame is left does reading resume. So a
 * connection costs at most one partial frame (bounded by {@code socket.request.max.bytes}, see
 * {@link FrameDecoder}) plus one read buffer, however many requests the client pipelines. (One exception:
 * once the peer half-closes, the epoll transport reads to the end of the stream regardless of auto-read, so
 * {@code unread} may take what the kernel had buffered, at most about one socket receive buffer.)
 *
 * <p>Half-closed input is allowed: a client that sends its requests and shuts down its output still gets
 * every answer; the connection closes once no complete frame is left.
 *
 * <p>Before handing a frame to the pool the connection takes one of the broker-wide {@link RequestSlots}
 * ({@code queued.max.requests}); without a free slot it stays muted until woken.
 *
 * <h2>Threads</h2>
 * Every field is confined to the channel's event loop. The handler runs on the request-handler pool and its
 * result comes back through {@code eventLoop.execute}. Not sharable: one instance per channel.
 */
final class Connection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final String connectionId;
    private final String listenerName;
    private final SecurityProtocol securityProtocol;
    private final InetAddress clientAddress;
    private final int clientPort;
    private final RequestHandler handler;
    private final Executor requestPool;
    private final RequestSlots slots;
    private final NetworkStats stats;
    private final FrameDecoder decoder;
    private final Runnable slotWakeUp = this::onSlotMayBeFree;

    private ChannelHandlerContext ctx;
    /** Received bytes not yet cut into frames; non-null only while something is left in it. */
    private ByteBuf unread;
    /** A complete frame waiting for a request slot. */
    private ByteBuffer readyFrame;
    private long readyFrameNanos;
    private boolean inFlight;
    private boolean waitingForSlot;
    private boolean draining;
    /**
     * True from the first moment of the server's shutdown. {@link #drain()} arrives later through the
     * event loop; checking this too means no request is handed over once shutdown has begun.
     */
    private final java.util.function.BooleanSupplier serverStopping;
    /** The client half-closed: answer the complete frames already received, then close. */
    private boolean inputShutdown;
    private boolean closed;

    Connection(String connectionId, String listenerName, SecurityProtocol securityProtocol,
            InetAddress clientAddress, int clientPort, RequestHandler handler, Executor requestPool,
            RequestSlots slots, NetworkStats stats, int maxFrameBytes, java.util.function.BooleanSupplier serverStopping) {
        this.serverStopping = serverStopping;
        this.connectionId = connectionId;
        this.listenerName = listenerName;
        this.securityProtocol = securityProtocol;
        this.clientAddress = clientAddress;
        this.clientPort = clientPort;
        this.handler = handler;
        this.requestPool = requestPool;
        this.slots = slots;
        this.stats = stats;
        this.decoder = new FrameDecoder(maxFrameBytes);
    }

    String connectionId() {
        return connectionId;
    }

    Channel channel() {
        return ctx.channel();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        stats.connectionOpened();
        log.debug("Accepted connection {} on listener {}", connectionId, listenerName);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        if (closed) {
            bytes.release();
            return;
        }
        stats.bytesReceived(bytes.readableBytes());
        if (unread == null) {
            unread = bytes;
        } else {
            // Rare: reading is off while bytes are left, except after a half-close on epoll (see above).
            if (!(unread instanceof CompositeByteBuf)) { // transports deliver plain buffers, never composites
                unread = context.alloc().compositeBuffer(Integer.MAX_VALUE).addComponent(true, unread);
            }
            ((CompositeByteBuf) unread).addComponent(true, bytes);
        }
        pump();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closed = true;
        releaseUnread();
        if (waitingForSlot) {
            waitingForSlot = false;
            slots.cancel(slotWakeUp);
        }
        stats.connectionClosed();
        log.debug("Connection {} closed", connectionId);
        context.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            pump();
            return;
        }
        if (event instanceof IdleStateEvent) {
            // A request parked in purgatory is not idleness: only close a connection with nothing in flight.
            if (!inFlight && !waitingForSlot && !closed) {
                stats.idleConnectionClosed();
                log.debug("Closing idle connection {}", connectionId);
                close();
            }
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (!closed) {
            if (cause instanceof IOException) {
                // Resets and broken pipes: clients going away abruptly is ordinary.
                log.debug("Connection {} failed: {}", connectionId, String.valueOf(cause));
            } else {
                log.info("Closing connection {} from {}:{}: {}", connectionId, clientAddress.getHostAddress(),
                        clientPort, String.valueOf(cause));
            }
            close();
        }
    }

    /** Shutdown: finish the request in flight, if any, then close. Called on the event loop. */
    void drain() {
        draining = true;
        if (!inFlight) {
            close();
        }
    }

    /**
     * Advances the connection: cuts the next frame if none is waiting and hands it over if a slot is free;
     * otherwise decides whether to read more. Re-entrant safe; every path ends in a consistent mute state.
     */
    private void pump() {
        if (closed || inFlight) {
            return;
        }
        if (draining || serverStopping.getAsBoolean()) {
            close();
            return;
        }
        if (waitingForSlot) {
            return; // muted until RequestSlots wakes us
        }
        if (readyFrame == null) {
            ByteBuffer frame;
            try {
                frame = nextFrame();
            } catch (InvalidFrameException e) {
                stats.invalidFrame();
                closeForClient(e.getMessage());
                return;
            }
            if (frame == null) {
                if (inputShutdown) {
                    close(); // nothing more will arrive; a partial frame can never complete
                } else {
                    setReading(true);
                }
                return;
            }
            readyFrame = frame;
            readyFrameNanos = System.nanoTime();
        }
        setReading(false);
        if (!slots.tryAcquire(slotWakeUp)) {
            waitingForSlot = true;
            return;
        }
        waitingForSlot = false;
        ByteBuffer frame = readyFrame;
        readyFrame = null;
        inFlight = true;
        dispatch(frame, readyFrameNanos);
    }

    private ByteBuffer nextFrame() throws InvalidFrameException {
        if (unread == null) {
            return null;
        }
        ByteBuffer frame = decoder.decode(unread);
        if (!unread.isReadable()) {
            releaseUnread();
        } else if (unread instanceof CompositeByteBuf merged) {
            merged.discardReadComponents();
        }
        return frame;
    }

    private void dispatch(ByteBuffer frame, long receivedNanos) {
        stats.requestReceived();
        RequestContext context = new RequestContext(connectionId, listenerName, securityProtocol, clientAddress,
                clientPort, receivedNanos);
        try {
            requestPool.execute(() -> runHandler(context, frame));
        } catch (RejectedExecutionException e) {
            slots.release();
            inFlight = false;
            log.debug("Request pool closed; dropping connection {}", connectionId);
            close();
        }
    }

    /** Runs on a request-handler pool thread. */
    private void runHandler(RequestContext context, ByteBuffer frame) {
        CompletableFuture<Send> result;
        try {
            result = handler.handle(context, frame);
            if (result == null) {
                result = CompletableFuture.failedFuture(new NullPointerException("handler returned a null future"));
            }
        } catch (Throwable t) {
            result = CompletableFuture.failedFuture(t);
        } finally {
            slots.release();
        }
        result.whenComplete((send, error) -> onEventLoop(() -> onHandled(send, error)));
    }

    private void onHandled(Send send, Throwable error) {
        if (closed) {
            if (send != null) {
                send.release();
            }
            return;
        }
        if (error != null) {
            onHandlerFailure(error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error);
            return;
        }
        if (send == null) {
            stats.responseSkipped();
            requestDone();
            return;
        }
        ChannelFuture written;
        try {
            written = ResponseWriter.write(ctx, send);
        } catch (RuntimeException e) {
            // Thrown before any part was written (the frame size check): nothing was handed to Netty.
            send.release();
            onHandlerFailure(e);
            return;
        }
        long frameBytes = ResponseWriter.frameBytes(send);
        written.addListener(future -> {
            if (future.isSuccess()) {
                stats.responseSent(frameBytes);
                requestDone();
            } else if (!closed) {
                log.debug("Writing a response to {} failed: {}", connectionId, String.valueOf(future.cause()));
                close();
            }
        });
    }

    private void requestDone() {
        inFlight = false;
        pump();
    }

    private void onHandlerFailure(Throwable error) {
        stats.handlerClose();
        if (error instanceof CloseConnectionException) {
            closeForClient(error.getMessage());
        } else {
            log.warn("Closing connection {} from {}:{}: the request handler failed", connectionId,
                    clientAddress.getHostAddress(), clientPort, error);
            close();
        }
    }

    private void onSlotMayBeFree() {
        onEventLoop(() -> {
            if (closed || !waitingForSlot) {
                // This wake-up is not needed here any more; pass it on so the free slot is not lost.
                slots.wakeNext();
                return;
            }
            waitingForSlot = false;
            pump();
        });
    }

    private void onEventLoop(Runnable task) {
        try {
            ctx.channel().eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down, so the connection is being closed anyway.
            log.debug("Event loop of {} is shut down; dropping a late result", connectionId);
        }
    }

    private void setReading(boolean on) {
        if (ctx.channel().config().isAutoRead() != on) {
            ctx.channel().config().setAutoRead(on);
        }
    }

    private void closeForClient(String reason) {
        log.info("Closing connection {} from {}:{}: {}", connectionId, clientAddress.getHostAddress(), clientPort,
                reason);
        close();
    }

    private void close() {
        if (!closed) {
            closed = true;
            releaseUnread();
            ctx.close();
        }
    }

    private void releaseUnread() {
        if (unread != null) {
            unread.release();
            unread = null;
        }
    }
}
