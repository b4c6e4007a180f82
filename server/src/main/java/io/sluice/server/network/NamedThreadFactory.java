package io.sluice.server.network;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names threads {@code prefix-0, prefix-1, ...} so thread dumps say which pool a thread belongs to. Event
 * loop threads are {@link FastThreadLocalThread}s, which Netty's pooled allocator serves faster.
 */
final class NamedThreadFactory implements ThreadFactory {

    private final String prefix;
    private final boolean nettyThreads;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Thread> created = new CopyOnWriteArrayList<>();

    NamedThreadFactory(String prefix, boolean nettyThreads) {
        this.prefix = prefix;
        this.nettyThreads = nettyThreads;
    }

    @Override
    public Thread newThread(Runnable task) {
        String name = prefix + "-" + next.getAndIncrement();
        Thread thread = nettyThreads ? new FastThreadLocalThread(task, name) : new Thread(task, name);
        thread.setDaemon(false);
        created.add(thread);
        return thread;
    }

    /**
     * Waits until every thread made here has ended. Netty completes an event loop group's termination
     * future from inside its last thread, just before that thread exits, so shutdown joins as well.
     *
     * @return true when all ended within the timeout
     */
    boolean awaitAllEnded(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread thread : created) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return created.stream().noneMatch(Thread::isAlive);
    }
}
