package io.sluice.server.network;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names threads {@code prefix-0, prefix-1, ...} so thread dumps say which pool a thread belongs to. Event
 * loop threads are {@link FastThreadLocalThread}s, which Netty's pooled allocator serves faster.
 */
final class NamedThreadFactory implements ThreadFactory {

    private final String prefix;
    private final boolean nettyThreads;
    private final AtomicInteger next = new AtomicInteger();

    NamedThreadFactory(String prefix, boolean nettyThreads) {
        this.prefix = prefix;
        this.nettyThreads = nettyThreads;
    }

    @Override
    public Thread newThread(Runnable task) {
        String name = prefix + "-" + next.getAndIncrement();
        Thread thread = nettyThreads ? new FastThreadLocalThread(task, name) : new Thread(task, name);
        thread.setDaemon(false);
        return thread;
    }
}
