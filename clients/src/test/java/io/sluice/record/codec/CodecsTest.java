package io.sluice.record.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.CompressionType;
import io.sluice.record.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecsTest {

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void roundTripsAtTheExactLimit(CompressionType type) {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        for (int i = 0; i < data.length; i += 3) {
            data[i] = 0;
        }
        ByteBuffer compressed = Codecs.compress(type, ByteBuffer.wrap(data));
        assertThat(Codecs.decompress(type, compressed, data.length)).isEqualTo(ByteBuffer.wrap(data));
        assertThatThrownBy(() -> Codecs.decompress(type, compressed, data.length - 1))
                .isInstanceOf(DecompressedSizeExceededException.class);
        assertThat(compressed.position()).isZero();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void emptyInputRoundTrips(CompressionType type) {
        ByteBuffer compressed = Codecs.compress(type, ByteBuffer.allocate(0));
        assertThat(Codecs.decompress(type, compressed, 0).remaining()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void truncatedStreamsAreCorrupt(CompressionType type) {
        byte[] data = new byte[100_000];
        new Random(3).nextBytes(data);
        ByteBuffer compressed = Codecs.compress(type, ByteBuffer.wrap(data));
        ByteBuffer truncated = compressed.slice(0, compressed.limit() / 2);
        assertThatThrownBy(() -> Codecs.decompress(type, truncated, 1 << 20))
                .isInstanceOf(CorruptRecordException.class);
    }
}
