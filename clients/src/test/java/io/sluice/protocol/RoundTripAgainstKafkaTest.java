package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The proof that every message definition matches the official one, byte for byte, in every version
 * we define. For each request and response type and each version, many times with random content:
 * <ol>
 *   <li>their object, serialized by kafka-clients, is read by us and written back to the same bytes;</li>
 *   <li>what we read equals their parsed object field by field, including the defaults of fields the
 *       version does not carry (so our defaults and version ranges match theirs);</li>
 *   <li>our struct built from their parsed object, written by us, parses with kafka-clients back to an
 *       equal object (our writer alone, independent of our reader);</li>
 *   <li>in flexible versions, unknown tagged fields survive our read and write.</li>
 * </ol>
 */
class RoundTripAgainstKafkaTest {

    private static final int ROUNDS = 40;

    @TestFactory
    Stream<DynamicTest> everyDefinedMessageAndVersion() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ApiKeys key : Messages.definedKeys()) {
            for (MessageSpec spec : List.of(Messages.request(key), Messages.response(key))) {
                for (short version = spec.lowestVersion(); version <= spec.highestVersion(); version++) {
                    short v = version;
                    tests.add(DynamicTest.dynamicTest(spec + " v" + v, () -> roundTrips(spec, v)));
                }
            }
        }
        return tests.stream();
    }

    private static void roundTrips(MessageSpec spec, short version) {
        Random random = new Random(31L * spec.apiKey().id() + version + (spec.isRequest() ? 0 : 7919));
        for (int round = 0; round < ROUNDS; round++) {
            ApiMessage theirs = KafkaOracle.randomMessage(spec, version, random, round % 2 == 1);
            if (spec.isFlexible(version) && round % 4 == 3) {
                theirs.unknownTaggedFields().add(new RawTaggedField(1000 + round, new byte[] {1, 2, (byte) round}));
            }
            ByteBuffer theirBytes = KafkaOracle.serialize(theirs, version);

            ByteBuffer input = theirBytes.duplicate();
            Struct ours = spec.read(input, version);
            assertThat(input.remaining()).as("bytes left after reading %s", ours).isZero();
            assertThat(KafkaOracle.ourBytes(spec, ours, version))
                    .as("%s v%d re-written from %s", spec, version, theirs)
                    .isEqualTo(theirBytes);

            ApiMessage theirParsed = KafkaOracle.parse(spec, theirBytes.duplicate(), version);
            Struct converted = KafkaOracle.toStruct(spec.schema(), theirParsed);
            if (ours.unknownTaggedFields().isEmpty()) {
                assertThat(ours).as("%s v%d read from %s", spec, version, theirParsed).isEqualTo(converted);
            }

            ByteBuffer ourBytes = KafkaOracle.ourBytes(spec, converted, version);
            ApiMessage reparsed = KafkaOracle.parse(spec, ourBytes, version);
            theirParsed.unknownTaggedFields().clear();
            assertThat(reparsed).as("%s v%d written from %s", spec, version, converted).isEqualTo(theirParsed);
        }
    }
}
