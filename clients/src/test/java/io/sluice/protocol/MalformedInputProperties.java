package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Hostile input: valid messages of every defined type and version, truncated, with bytes flipped, with
 * huge lengths planted, or with garbage inserted. Reading must either succeed or throw
 * {@link MalformedMessageException}; nothing else may escape, and no length may make the reader
 * allocate or loop beyond the input (the test JVM has a small heap, so a trusted 2 GB length would fail).
 */
class MalformedInputProperties {

    private static final List<MessageSpec> SPECS = new ArrayList<>();

    static {
        for (ApiKeys key : Messages.definedKeys()) {
            SPECS.add(Messages.request(key));
            SPECS.add(Messages.response(key));
        }
    }

    @Property(tries = 3000)
    void mutatedMessagesOnlyFailWithTheTypedException(@ForAll long seed) {
        Random random = new Random(seed);
        MessageSpec spec = SPECS.get(random.nextInt(SPECS.size()));
        short version = (short) (spec.lowestVersion() + random.nextInt(spec.highestVersion() - spec.lowestVersion() + 1));
        ByteBuffer valid = KafkaOracle.serialize(KafkaOracle.randomMessage(spec, version, random, random.nextBoolean()), version);
        ByteBuffer mutated = mutate(valid, random);

        assertThatCode(() -> {
            try {
                Struct struct = spec.read(mutated, version);
                assertThat(struct).isNotNull();
            } catch (MalformedMessageException expected) {
                // the only acceptable failure
            }
        }).as("%s v%d", spec, version).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    void everyTruncationOfAValidMessageIsDetectedOrHarmless(@ForAll long seed) {
        Random random = new Random(seed);
        MessageSpec spec = SPECS.get(random.nextInt(SPECS.size()));
        short version = spec.highestVersion();
        ByteBuffer valid = KafkaOracle.serialize(KafkaOracle.randomMessage(spec, version, random, false), version);
        for (int length = 0; length < valid.remaining(); length++) {
            ByteBuffer truncated = valid.duplicate().limit(length);
            try {
                spec.read(truncated, version);
            } catch (MalformedMessageException expected) {
                // fine
            }
        }
    }

    private static ByteBuffer mutate(ByteBuffer valid, Random random) {
        byte[] bytes = new byte[valid.remaining()];
        valid.duplicate().get(bytes);
        switch (random.nextInt(4)) {
            case 0 -> {
                return ByteBuffer.wrap(bytes, 0, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
            }
            case 1 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return ByteBuffer.wrap(bytes);
            }
            case 2 -> {
                // Plant a huge int32 or a maximal varint where a length or count might be.
                if (bytes.length >= 5) {
                    int at = random.nextInt(bytes.length - 4);
                    if (random.nextBoolean()) {
                        ByteBuffer.wrap(bytes).putInt(at, random.nextBoolean() ? Integer.MAX_VALUE : 0x7ffffff0);
                    } else {
                        bytes[at] = (byte) 0xff;
                        bytes[at + 1] = (byte) 0xff;
                        bytes[at + 2] = (byte) 0xff;
                        bytes[at + 3] = (byte) 0xff;
                        bytes[at + 4] = (byte) (random.nextBoolean() ? 0x07 : 0x7f);
                    }
                }
                return ByteBuffer.wrap(bytes);
            }
            default -> {
                byte[] longer = new byte[bytes.length + 1 + random.nextInt(8)];
                int at = random.nextInt(bytes.length + 1);
                System.arraycopy(bytes, 0, longer, 0, at);
                for (int i = at; i < at + longer.length - bytes.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                System.arraycopy(bytes, at, longer, at + longer.length - bytes.length, bytes.length - at);
                return ByteBuffer.wrap(longer);
            }
        }
    }
}
