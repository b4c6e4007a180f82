package io.sluice.clients.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.clients.common.ClientConfig;
import io.sluice.clients.common.SerializationException;
import java.nio.ByteBuffer;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Our serializers produce the bytes Kafka's produce, and our deserializers read Kafka's bytes back. */
class SerializersMatchKafkaTest {

    private final org.apache.kafka.common.serialization.StringSerializer kafkaString = new org.apache.kafka.common.serialization.StringSerializer();
    private final org.apache.kafka.common.serialization.IntegerSerializer kafkaInt = new org.apache.kafka.common.serialization.IntegerSerializer();
    private final org.apache.kafka.common.serialization.LongSerializer kafkaLong = new org.apache.kafka.common.serialization.LongSerializer();
    private final org.apache.kafka.common.serialization.ByteBufferSerializer kafkaBuffer = new org.apache.kafka.common.serialization.ByteBufferSerializer();

    @Property(tries = 300)
    void strings(@ForAll String value) {
        byte[] ours = new StringSerializer().serialize("t", value);
        assertThat(ours).isEqualTo(kafkaString.serialize("t", value));
        assertThat(new StringDeserializer().deserialize("t", ours)).isEqualTo(value);
        assertThat(new StringDeserializer().deserialize("t", ByteBuffer.wrap(ours))).isEqualTo(value);
    }

    @Property(tries = 300)
    void integers(@ForAll int value) {
        byte[] ours = new IntegerSerializer().serialize("t", value);
        assertThat(ours).isEqualTo(kafkaInt.serialize("t", value));
        assertThat(new IntegerDeserializer().deserialize("t", ours)).isEqualTo(value);
        assertThat(new IntegerDeserializer().deserialize("t", ByteBuffer.wrap(ours))).isEqualTo(value);
    }

    @Property(tries = 300)
    void longs(@ForAll long value) {
        byte[] ours = new LongSerializer().serialize("t", value);
        assertThat(ours).isEqualTo(kafkaLong.serialize("t", value));
        assertThat(new LongDeserializer().deserialize("t", ours)).isEqualTo(value);
        assertThat(new LongDeserializer().deserialize("t", ByteBuffer.wrap(ours))).isEqualTo(value);
    }

    @Property(tries = 200)
    void byteBuffersUseTheBytesUpToTheLimitAsKafka39Does(@ForAll byte[] bytes, @ForAll boolean direct) {
        int skip = bytes.length / 3;
        ByteBuffer ours = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        ours.put(bytes).flip().position(skip);
        ByteBuffer theirs = ours.duplicate();
        assertThat(new ByteBufferSerializer().serialize("t", ours)).isEqualTo(kafkaBuffer.serialize("t", theirs));
        assertThat(ours.position()).isEqualTo(skip);
    }

    @Test
    void nullsStayNullAndBadLengthsAreRejected() {
        assertThat(new StringSerializer().serialize("t", null)).isNull();
        assertThat(new IntegerSerializer().serialize("t", null)).isNull();
        assertThat(new LongSerializer().serialize("t", null)).isNull();
        assertThat(new ByteArraySerializer().serialize("t", null)).isNull();
        assertThat(new ByteBufferSerializer().serialize("t", null)).isNull();
        assertThat(new VoidSerializer().serialize("t", null)).isNull();
        assertThat(new IntegerDeserializer().deserialize("t", (byte[]) null)).isNull();
        assertThatThrownBy(() -> new IntegerDeserializer().deserialize("t", new byte[3])).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> new LongDeserializer().deserialize("t", new byte[9])).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> new VoidDeserializer().deserialize("t", new byte[1])).isInstanceOf(SerializationException.class);
    }

    @Test
    void encodingIsConfigurableAsInKafka() {
        StringSerializer ours = new StringSerializer();
        ours.configure(Map.of("value.serializer.encoding", "UTF-16"), false);
        kafkaString.configure(Map.of("value.serializer.encoding", "UTF-16"), false);
        assertThat(ours.serialize("t", "héllo")).isEqualTo(kafkaString.serialize("t", "héllo"));
    }

    @Test
    void kafkasClassNamesMapToOurs() {
        ClientConfig config = new ClientConfig(Map.of(
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class,
                "value.deserializer", LongDeserializer.class.getName()));
        assertThat(SerdeLoader.serializer(config, "key.serializer", true, null)).isInstanceOf(StringSerializer.class);
        assertThat(SerdeLoader.serializer(config, "value.serializer", false, null)).isInstanceOf(ByteArraySerializer.class);
        assertThat(SerdeLoader.deserializer(config, "value.deserializer", false, null)).isInstanceOf(LongDeserializer.class);
    }
}
