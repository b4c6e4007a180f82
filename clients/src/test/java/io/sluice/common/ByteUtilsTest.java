package io.sluice.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ByteUtilsTest {

    @Property
    void varintRoundTripsAndSizeMatches(@ForAll int value) {
        ByteBuffer buffer = ByteBuffer.allocate(10);
        ByteUtils.writeVarint(value, buffer);
        assertThat(buffer.position()).isEqualTo(ByteUtils.sizeOfVarint(value));
        buffer.flip();
        assertThat(ByteUtils.readVarint(buffer)).isEqualTo(value);
    }

    @Property
    void varlongRoundTripsAndSizeMatches(@ForAll long value) {
        ByteBuffer buffer = ByteBuffer.allocate(10);
        ByteUtils.writeVarlong(value, buffer);
        assertThat(buffer.position()).isEqualTo(ByteUtils.sizeOfVarlong(value));
        buffer.flip();
        assertThat(ByteUtils.readVarlong(buffer)).isEqualTo(value);
    }

    @Property
    void unsignedVarintRoundTrips(@ForAll int value) {
        ByteBuffer buffer = ByteBuffer.allocate(5);
        ByteUtils.writeUnsignedVarint(value, buffer);
        assertThat(buffer.position()).isEqualTo(ByteUtils.sizeOfUnsignedVarint(value));
        buffer.flip();
        assertThat(ByteUtils.readUnsignedVarint(buffer)).isEqualTo(value);
    }

    @Test
    void zigzagKeepsSmallNegativesShort() {
        ByteBuffer buffer = ByteBuffer.allocate(10);
        ByteUtils.writeVarint(-1, buffer);
        assertThat(buffer.position()).isEqualTo(1);
        assertThat(buffer.get(0)).isEqualTo((byte) 1);
    }
}
