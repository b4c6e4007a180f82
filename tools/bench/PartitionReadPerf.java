import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer side of scripts/sluice-compare-bench.sh: reads the first N records of partition 0 of a topic
 * with a plain assigned KafkaConsumer (no consumer group, so it needs only Metadata, ListOffsets and
 * Fetch from the broker) and prints one line:
 *
 *   records=N bytes=B seconds=S mb_per_sec=M        (MB = 1024 * 1024 bytes, as ProducerPerformance counts)
 *
 * Not part of the Sluice build: the java launcher compiles and runs this single file with the Apache
 * Kafka jars of tools/bench/apache-kafka on the class path.
 *   java -cp 'tools/bench/apache-kafka/target/lib/*' tools/bench/PartitionReadPerf.java BOOTSTRAP TOPIC RECORDS
 */
public class PartitionReadPerf {

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: PartitionReadPerf.java BOOTSTRAP TOPIC RECORDS");
            System.exit(2);
        }
        String bootstrap = args[0];
        TopicPartition partition = new TopicPartition(args[1], 0);
        long wanted = Long.parseLong(args[2]);

        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("client.id", "partition-read-perf");
        props.put("enable.auto.commit", "false");
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());

        long records = 0;
        long bytes = 0;
        long started = System.nanoTime();
        long giveUp = started + Duration.ofMinutes(5).toNanos();
        double seconds;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (records < wanted) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                }
                if (System.nanoTime() > giveUp) {
                    System.err.println("Gave up after 5 minutes with " + records + " of " + wanted + " records");
                    System.exit(1);
                }
            }
            seconds = (System.nanoTime() - started) / 1e9; // before close(), which is not reading
        }
        System.out.printf("records=%d bytes=%d seconds=%.3f mb_per_sec=%.2f%n", records, bytes, seconds,
                bytes / (1024.0 * 1024.0) / seconds);
    }
}
