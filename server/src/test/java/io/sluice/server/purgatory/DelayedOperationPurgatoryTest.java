package io.sluice.server.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelayedOperationPurgatoryTest {

    private final DelayedOperationPurgatory<WaitForValue> purgatory = new DelayedOperationPurgatory<>("test", 100);

    @AfterEach
    void close() {
        purgatory.close();
    }

    /** Completes when a shared counter reaches a target; counts how it ended. */
    static final class WaitForValue extends DelayedOperation {
        final AtomicLong value;
        final long target;
        final AtomicInteger completions = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean expired;

        WaitForValue(AtomicLong value, long target, long delayMs) {
            super(delayMs);
            this.value = value;
            this.target = target;
        }

        @Override
        protected boolean tryComplete() {
            return value.get() >= target && forceComplete();
        }

        @Override
        protected void onExpiration() {
            expired = true;
        }

        @Override
        protected void onComplete() {
            completions.incrementAndGet();
            done.countDown();
        }
    }

    @Test
    void completesAtOnceWhenTheConditionAlreadyHolds() {
        WaitForValue op = new WaitForValue(new AtomicLong(5), 5, 60_000);
        assertThat(purgatory.tryCompleteElseWatch(op, List.of("k"))).isTrue();
        assertThat(op.completions.get()).isEqualTo(1);
        assertThat(purgatory.watched("k")).isZero();
    }

    @Test
    void completesWhenAWatchedKeyIsChecked() {
        AtomicLong value = new AtomicLong();
        WaitForValue op = new WaitForValue(value, 3, 60_000);
        assertThat(purgatory.tryCompleteElseWatch(op, List.of("a", "b"))).isFalse();
        assertThat(purgatory.checkAndComplete("a")).isZero();
        value.set(3);
        assertThat(purgatory.checkAndComplete("b")).isEqualTo(1);
        assertThat(purgatory.checkAndComplete("a")).isZero();
        assertThat(op.completions.get()).isEqualTo(1);
        assertThat(op.expired).isFalse();
        assertThat(purgatory.keys()).isZero();
    }

    @Test
    void expiresAfterItsDelay() throws InterruptedException {
        WaitForValue op = new WaitForValue(new AtomicLong(), 1, 20);
        purgatory.tryCompleteElseWatch(op, List.of("k"));
        assertThat(op.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(op.expired).isTrue();
        assertThat(op.completions.get()).isEqualTo(1);
    }

    @Test
    void racingCompletersCompleteEachOperationExactlyOnce() throws InterruptedException {
        AtomicLong value = new AtomicLong();
        List<WaitForValue> ops = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            WaitForValue op = new WaitForValue(value, i % 50, 60_000);
            ops.add(op);
            purgatory.tryCompleteElseWatch(op, List.of("p" + (i % 7)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int round = 0; round < 50; round++) {
            value.incrementAndGet();
            for (int k = 0; k < 7; k++) {
                String key = "p" + k;
                pool.execute(() -> purgatory.checkAndComplete(key));
            }
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (int k = 0; k < 7; k++) {
            purgatory.checkAndComplete("p" + k);
        }
        assertThat(ops).allSatisfy(op -> assertThat(op.completions.get()).isEqualTo(1));
        assertThat(purgatory.keys()).isZero();
    }

    @Test
    void expireAllAnswersWaitingOperationsAndEveryLaterOneAtOnce() {
        WaitForValue waiting = new WaitForValue(new AtomicLong(), 1, 600_000);
        assertThat(purgatory.tryCompleteElseWatch(waiting, List.of("k"))).isFalse();
        purgatory.expireAll();
        assertThat(waiting.expired).isTrue();
        assertThat(waiting.completions.get()).isEqualTo(1);

        WaitForValue later = new WaitForValue(new AtomicLong(), 1, 600_000);
        assertThat(purgatory.tryCompleteElseWatch(later, List.of("k"))).isTrue();
        assertThat(later.expired).isTrue();
        assertThat(later.completions.get()).isEqualTo(1);
        assertThat(purgatory.keys()).isZero();
    }
}
