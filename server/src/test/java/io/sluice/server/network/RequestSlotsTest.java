package io.sluice.server.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestSlotsTest {

    @Test
    void aReleaseWakesTheOldestWaiter() {
        RequestSlots slots = new RequestSlots(1);
        List<String> woken = new ArrayList<>();
        assertThat(slots.tryAcquire(() -> woken.add("holder"))).isTrue();
        assertThat(slots.tryAcquire(() -> woken.add("first"))).isFalse();
        assertThat(slots.tryAcquire(() -> woken.add("second"))).isFalse();
        assertThat(slots.waiting()).isEqualTo(2);

        slots.release();
        assertThat(woken).containsExactly("first");
        assertThat(slots.inUse()).isZero(); // the wake-up only invites a retry; nothing was taken for it
    }

    @Test
    void aCancelledWaiterPassesAFreeSlotOn() {
        RequestSlots slots = new RequestSlots(1);
        List<String> woken = new ArrayList<>();
        Runnable first = () -> woken.add("first");
        assertThat(slots.tryAcquire(() -> { })).isTrue();
        assertThat(slots.tryAcquire(first)).isFalse();
        assertThat(slots.tryAcquire(() -> woken.add("second"))).isFalse();

        slots.cancel(first); // no slot free yet: nobody is woken
        assertThat(woken).isEmpty();
        slots.release();
        assertThat(woken).containsExactly("second");
    }

    @Test
    void aWokenWaiterThatNoLongerNeedsTheSlotWakesTheNext() {
        RequestSlots slots = new RequestSlots(1);
        List<String> woken = new ArrayList<>();
        assertThat(slots.tryAcquire(() -> { })).isTrue();
        assertThat(slots.tryAcquire(() -> {
            woken.add("gone");
            slots.wakeNext(); // what a connection closed in the meantime does
        })).isFalse();
        assertThat(slots.tryAcquire(() -> woken.add("next"))).isFalse();
        slots.release();
        assertThat(woken).containsExactly("gone", "next");
    }

    /** Many threads competing for few slots: every one gets through, and never more than the capacity at once. */
    @Test
    void noWakeUpIsLostUnderContention() throws Exception {
        int capacity = 2;
        int threads = 8;
        int rounds = 2000;
        RequestSlots slots = new RequestSlots(capacity);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger maxHolding = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                Object signal = new Object();
                boolean[] woken = new boolean[1];
                Runnable wakeUp = () -> {
                    synchronized (signal) {
                        woken[0] = true;
                        signal.notifyAll();
                    }
                };
                for (int r = 0; r < rounds; r++) {
                    while (!slots.tryAcquire(wakeUp)) {
                        synchronized (signal) {
                            while (!woken[0]) {
                                try {
                                    signal.wait();
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                            woken[0] = false;
                        }
                    }
                    maxHolding.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    holding.decrementAndGet();
                    slots.release();
                }
                done.countDown();
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(60_000);
        }
        assertThat(done.getCount()).as("threads stuck waiting for a wake-up").isZero();
        assertThat(maxHolding.get()).isLessThanOrEqualTo(capacity);
        assertThat(slots.inUse()).isZero();
    }
}
