package io.sluice.server.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    @Test
    void decodesOneFrameAtATimeAndLeavesTheRestUnread() throws Exception {
        ByteBuf in = Unpooled.buffer();
        in.writeInt(3).writeBytes(new byte[] {1, 2, 3}).writeInt(0).writeInt(2).writeBytes(new byte[] {9, 8});
        FrameDecoder decoder = new FrameDecoder(100);

        assertThat(bytes(decoder.decode(in))).containsExactly(1, 2, 3);
        assertThat(in.readableBytes()).isEqualTo(4 + 4 + 2);
        assertThat(decoder.decode(in).remaining()).isZero();
        assertThat(bytes(decoder.decode(in))).containsExactly(9, 8);
        assertThat(decoder.decode(in)).isNull();
        assertThat(decoder.hasPartialFrame()).isFalse();
    }

    @Test
    void sizePrefixMayArriveOneByteAtATime() throws Exception {
        FrameDecoder decoder = new FrameDecoder(1000);
        byte[] stream = FrameClient.frame(new byte[] {42, 43});
        for (int i = 0; i < stream.length - 1; i++) {
            assertThat(decoder.decode(Unpooled.wrappedBuffer(stream, i, 1))).isNull();
            assertThat(decoder.hasPartialFrame()).isTrue();
        }
        assertThat(bytes(decoder.decode(Unpooled.wrappedBuffer(stream, stream.length - 1, 1)))).containsExactly(42, 43);
    }

    @Test
    void rejectsSizesOutsideTheLimitBeforeAllocatingTheBody() {
        for (int size : new int[] {-1, Integer.MIN_VALUE, 1001, Integer.MAX_VALUE}) {
            FrameDecoder decoder = new FrameDecoder(1000);
            ByteBuf in = Unpooled.buffer().writeInt(size).writeBytes(new byte[64]);
            assertThatThrownBy(() -> decoder.decode(in)).isInstanceOf(InvalidFrameException.class)
                    .hasMessageContaining(Integer.toString(size));
            assertThat(decoder.bufferedBytes()).isZero();
        }
    }

    @Test
    void acceptsAFrameOfExactlyTheLimit() throws Exception {
        FrameDecoder decoder = new FrameDecoder(1000);
        ByteBuf in = Unpooled.buffer().writeInt(1000).writeBytes(new byte[1000]);
        assertThat(decoder.decode(in).remaining()).isEqualTo(1000);
    }

    @Test
    void aLargeAnnouncedFrameCostsOnlyWhatWasSent() throws Exception {
        int announced = 100 * 1024 * 1024;
        FrameDecoder decoder = new FrameDecoder(announced);
        assertThat(decoder.decode(Unpooled.buffer().writeInt(announced).writeBytes(new byte[10]))).isNull();
        assertThat(decoder.bufferedBytes()).isEqualTo(FrameDecoder.FIRST_PARTIAL_ALLOCATION);

        int sent = 10;
        byte[] chunk = new byte[64 * 1024];
        while (sent < 4 * 1024 * 1024) {
            assertThat(decoder.decode(Unpooled.wrappedBuffer(chunk))).isNull();
            sent += chunk.length;
            assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(2 * sent);
        }
    }

    @Test
    void aFrameAssembledFromPiecesHasExactlyItsSize() throws Exception {
        byte[] body = new byte[50_000];
        new Random(7).nextBytes(body);
        byte[] stream = FrameClient.frame(body);
        FrameDecoder decoder = new FrameDecoder(body.length);
        ByteBuffer frame = null;
        for (int offset = 0; offset < stream.length; offset += 1000) {
            assertThat(frame).isNull();
            frame = decoder.decode(Unpooled.wrappedBuffer(stream, offset, Math.min(1000, stream.length - offset)));
        }
        assertThat(frame.capacity()).isEqualTo(body.length);
        assertThat(bytes(frame)).isEqualTo(body);
    }

    /** However the stream is cut into reads, the same frames come out in the same order. */
    @Property(tries = 300)
    void frameBoundariesDoNotDependOnHowBytesArrive(
            @ForAll @Size(max = 20) List<@Size(max = 300) List<Byte>> bodies,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 700) Integer> readSizes) throws Exception {
        ByteBuf stream = Unpooled.buffer();
        for (List<Byte> body : bodies) {
            stream.writeInt(body.size());
            body.forEach(stream::writeByte);
        }
        FrameDecoder decoder = new FrameDecoder(300);
        List<List<Byte>> decoded = new ArrayList<>();
        int next = 0;
        while (stream.isReadable()) {
            int size = Math.min(readSizes.get(next++ % readSizes.size()), stream.readableBytes());
            ByteBuf read = stream.readSlice(size);
            ByteBuffer frame;
            while ((frame = decoder.decode(read)) != null) {
                List<Byte> body = new ArrayList<>();
                while (frame.hasRemaining()) {
                    body.add(frame.get());
                }
                decoded.add(body);
            }
            assertThat(read.isReadable()).isFalse();
        }
        assertThat(decoded).isEqualTo(bodies);
        assertThat(decoder.hasPartialFrame()).isFalse();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
