package io.sluice.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.cluster.SluiceTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/**
 * Throws 100,000 random and mutated Kafka request frames ({@link FuzzFrames}) at a live broker over many
 * loopback connections, then checks that bad input did not hurt it:
 * <ul>
 *   <li>every answer is a well-sized frame whose correlation id belongs to a request on that connection,
 *       in request order (the ids are read from the bytes as the broker framed them, mutations included);</li>
 *   <li>afterwards the official Java producer and consumer are still served;</li>
 *   <li>no thread the cluster started (before the fuzz) has died, and nothing threw an uncaught
 *       exception;</li>
 *   <li>the heap after GC is within 256 MiB of where it was.</li>
 * </ul>
 * Each connection gets 1-15 frames written at once, then the client half-closes and reads until the
 * broker closes (or 3 s pass, for example behind a Fetch whose mutated max_wait_ms parks it for hours).
 * The run stops early after {@link #BUDGET} so a slow machine does not stall the suite; the figures
 * printed say how far it got, and which ERROR events the broker logged (reported, not judged).
 * The seed is printed; rerun one with {@code -Dsluice.fuzz.seed=...}: each connection's frames come from
 * a {@code Random} seeded with the seed and the connection's number.
 */
class KafkaProtocolFuzzTest {

    private static final int FRAMES = 100_000;
    private static final int CLIENT_THREADS = 4;
    private static final Duration BUDGET = Duration.ofSeconds(75);
    private static final int READ_TIMEOUT_MS = 3000;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
    private static final String TOPIC = "fuzz";
    private static final String CONNECTION_LOGGER = "io.sluice.server.network.Connection";

    private final LongAdder framesSent = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder responses = new LongAdder();
    private final LongAdder readTimeouts = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final Map<String, LongAdder> mutations = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    @Test
    void badFramesDoNotHurtTheBroker() throws Exception {
        long seed = Long.getLong("sluice.fuzz.seed", System.nanoTime());
        System.out.println("Fuzz seed " + seed + " (rerun with -Dsluice.fuzz.seed=" + seed + ")");
        ConcurrentLinkedQueue<String> uncaught = new ConcurrentLinkedQueue<>();
        Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        ErrorLogCounter errors = null;
        Set<Thread> preexisting = liveThreads(); // earlier tests' threads, some still winding down
        try (SluiceTestCluster cluster = SluiceTestCluster.start(1, Map.of("auto.create.topics.enable", "false"))) {
            ClientChecks.createTopic(cluster.bootstrapServers(), TOPIC, 2);
            roundTrip(cluster, "before-fuzz"); // also starts every lazily created broker thread
            Set<Thread> threadsBefore = liveThreads();
            threadsBefore.removeAll(preexisting);
            long heapBefore = usedHeapAfterGc();
            Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(thread.getName() + ": " + e));
            // Each refused frame is logged at INFO when its connection closes: 100,000 lines of no interest.
            Configurator.setLevel(CONNECTION_LOGGER, Level.WARN);
            errors = ErrorLogCounter.install();

            int port = cluster.broker(0).boundPort();
            long started = System.nanoTime();
            long deadline = started + BUDGET.toNanos();
            AtomicLong connectionIds = new AtomicLong();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < CLIENT_THREADS; t++) {
                    runs.add(clients.submit(() -> {
                        while (framesSent.sum() < FRAMES && System.nanoTime() < deadline) {
                            long id = connectionIds.getAndIncrement();
                            fuzzOneConnection(port, seed, id);
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            } finally {
                clients.shutdownNow();
                clients.awaitTermination(30, TimeUnit.SECONDS);
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            // Not a failure by itself: the broker answered and lives on. The figures say what it found unexpected.
            System.out.println("Fuzz: broker ERROR log events by origin: " + errors.counts());
            System.out.println("Fuzz mutations: " + new TreeMap<>(mutations.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()))));
            assertThat(violations).as("answers that break the protocol (seed %d)", seed).isEmpty();

            roundTrip(cluster, "after-fuzz");
            Set<Thread> threadsAfter = liveThreads();
            threadsAfter.removeAll(preexisting);
            List<String> died = threadsBefore.stream().filter(thread -> !thread.isAlive()).map(Thread::getName)
                    .sorted().toList();
            long heapAfter = usedHeapAfterGc();
            System.out.printf("Fuzz: %d frames over %d connections in %d ms; %d responses, %d read timeouts, "
                            + "%d resets; broker threads %d -> %d (new: %s); used heap after GC %d -> %d MiB%n",
                    framesSent.sum(), connections.sum(), elapsedMs, responses.sum(), readTimeouts.sum(), resets.sum(),
                    threadsBefore.size(), threadsAfter.size(),
                    threadsAfter.stream().filter(t -> !threadsBefore.contains(t)).map(Thread::getName).sorted().toList(),
                    heapBefore >> 20, heapAfter >> 20);
            assertThat(died).as("threads that died during the fuzz").isEmpty();
            assertThat(uncaught).as("uncaught exceptions").isEmpty();
            assertThat(heapAfter).as("used heap after GC").isLessThan(heapBefore + 256L * 1024 * 1024);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previousHandler);
            Configurator.setLevel(CONNECTION_LOGGER, Level.INFO);
            if (errors != null) {
                errors.close();
            }
        }
    }

    /** One connection: frames written at once, a half-close, then every answer read and checked. */
    private void fuzzOneConnection(int port, long seed, long connectionId) throws IOException {
        Random random = new Random(seed * 31 + connectionId);
        FuzzFrames frames = new FuzzFrames(random, TOPIC);
        int count = 1 + random.nextInt(15);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            FuzzFrames.Frame frame = frames.next();
            stream.write(frame.bytes().array(), 0, frame.bytes().limit());
            mutations.computeIfAbsent(frame.mutation(), k -> new LongAdder()).increment();
        }
        byte[] sent = stream.toByteArray();
        framesSent.add(count);
        connections.increment();

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean cleanEnd = false;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            try {
                OutputStream out = socket.getOutputStream();
                int split = random.nextInt(sent.length + 1); // two writes: frames may straddle TCP segments
                out.write(sent, 0, split);
                out.flush();
                out.write(sent, split, sent.length - split);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                // The broker closed the connection already, as it should after a frame it cannot parse.
            }
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(chunk)) >= 0 && received.size() < MAX_RESPONSE_BYTES) {
                    received.write(chunk, 0, n);
                }
                cleanEnd = n < 0;
            } catch (SocketTimeoutException e) {
                readTimeouts.increment();
                if (readTimeouts.sum() <= 3) {
                    System.out.println("Connection " + connectionId + " got no end of answers within " + READ_TIMEOUT_MS
                            + " ms; it sent " + HexFormat.of().formatHex(sent, 0, Math.min(sent.length, 512)));
                }
            } catch (IOException e) {
                resets.increment();
            }
        }
        check(sent, received.toByteArray(), cleanEnd, seed, connectionId);
    }

    /**
     * The answers must be frames of sane size whose correlation ids are a subsequence, in order, of the
     * correlation ids of the complete frames the broker could cut from what we sent.
     */
    private void check(byte[] sent, byte[] received, boolean cleanEnd, long seed, long connectionId) {
        List<Integer> requestIds = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(sent);
        while (in.remaining() >= 4) {
            int size = in.getInt();
            if (size < 0 || size > in.remaining()) {
                break;
            }
            requestIds.add(size >= 8 ? in.getInt(in.position() + 4) : null);
            in.position(in.position() + size);
        }
        ByteBuffer out = ByteBuffer.wrap(received);
        int next = 0;
        while (out.remaining() >= 4) {
            int size = out.getInt();
            if (size < 4 || size > MAX_RESPONSE_BYTES) {
                violation(seed, connectionId, sent, "response size " + size);
                return;
            }
            if (size > out.remaining()) {
                if (cleanEnd) {
                    violation(seed, connectionId, sent, "response cut short: " + out.remaining() + " of " + size);
                }
                return;
            }
            int correlationId = out.getInt(out.position());
            out.position(out.position() + size);
            responses.increment();
            while (next < requestIds.size() && !Integer.valueOf(correlationId).equals(requestIds.get(next))) {
                next++;
            }
            if (next == requestIds.size()) {
                violation(seed, connectionId, sent, "answer with correlation id " + correlationId
                        + " out of order or unknown; requests " + requestIds);
                return;
            }
            next++;
        }
        if (out.hasRemaining() && cleanEnd) {
            violation(seed, connectionId, sent, out.remaining() + " stray bytes after the last answer");
        }
    }

    private void violation(long seed, long connectionId, byte[] sent, String what) {
        if (violations.size() < 20) {
            String hex = HexFormat.of().formatHex(sent, 0, Math.min(sent.length, 256));
            violations.add("seed " + seed + " connection " + connectionId + ": " + what + "; sent " + sent.length
                    + " bytes starting " + hex);
        }
    }

    /** The official Java producer (idempotent, acks=all) and a group-less consumer on a fresh topic. */
    private static void roundTrip(SluiceTestCluster cluster, String topic) throws Exception {
        ClientChecks.createTopic(cluster.bootstrapServers(), topic, 1);
        int count = 100;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", cluster.bootstrapServers(), "linger.ms", "5"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> records = ClientChecks.readAll(cluster.bootstrapServers(), topic, 1,
                count);
        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "value-" + i).toList());
    }

    /**
     * Live threads except pool workers that end when idle by design: the JDK's common pool and Netty's
     * global event executor (which the Java clients' and our own close paths use).
     */
    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> !thread.getName().startsWith("ForkJoinPool"))
                .filter(thread -> !thread.getName().startsWith("globalEventExecutor"))
                .filter(thread -> thread != Thread.currentThread())
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
