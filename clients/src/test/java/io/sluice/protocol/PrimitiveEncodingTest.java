package io.sluice.protocol;

import static io.sluice.protocol.Field.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.common.Send;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Encodings the oracle round trips do not reach (unsigned types appear in no message defined here),
 * and hand-checked bytes for the classic and compact forms.
 */
class PrimitiveEncodingTest {

    private static final Schema ALL = new Schema(
            field("u16", Primitive.UINT16),
            field("u32", Primitive.UINT32),
            field("f64", Primitive.FLOAT64),
            field("flag", Primitive.BOOL),
            field("id", Primitive.UUID),
            field("name", Primitive.STRING).nullableSince(0),
            field("blob", Primitive.BYTES).nullableSince(0),
            field("list", Schema.array(Primitive.INT16)).nullableSince(0),
            field("hint", Primitive.INT32).tag(7).defaultValue(-1));

    @Test
    void unsignedAndOtherPrimitivesRoundTripInBothEncodings() throws IOException {
        Struct struct = ALL.newStruct()
                .set("u16", 65535).set("u32", 4294967295L).set("f64", -2.5d).set("flag", true)
                .set("id", new UUID(1, 2)).set("name", "h\u00e9").set("blob", ByteBuffer.wrap(new byte[] {9}))
                .set("list", List.of((short) 1, (short) -1)).set("hint", 5);
        for (boolean flexible : new boolean[] {false, true}) {
            ByteBuffer bytes = write(struct, flexible);
            Struct read = new MessageReader(0, flexible).readStruct(ALL, bytes.duplicate());
            Struct expected = flexible ? struct : copyWithDefaultHint(struct);
            assertThat(read).isEqualTo(expected);
            assertThat(write(read, flexible)).isEqualTo(bytes);
        }
    }

    @Test
    void handCheckedBytes() throws IOException {
        Struct struct = ALL.newStruct().set("u16", 0x8001).set("u32", 0x80000001L).set("name", null)
                .set("blob", null).set("list", null);
        ByteBuffer classic = write(struct, false);
        assertThat(hex(classic)).isEqualTo("8001" + "80000001" + "0000000000000000" + "00"
                + "00000000000000000000000000000000" + "ffff" + "ffffffff" + "ffffffff");
        ByteBuffer compact = write(struct, true);
        assertThat(hex(compact)).isEqualTo("8001" + "80000001" + "0000000000000000" + "00"
                + "00000000000000000000000000000000" + "00" + "00" + "00" + "00");
        struct.set("name", "ab").set("hint", 300);
        assertThat(hex(write(struct, true))).endsWith("03" + "6162" + "00" + "00" + "01" + "07" + "04" + "0000012c");
    }

    @Test
    void nonNullableNullsAndOverlongVarintsAreMalformed() {
        Schema strict = new Schema(field("name", Primitive.STRING));
        assertThatThrownBy(() -> new MessageReader(0, true).readStruct(strict, ByteBuffer.wrap(new byte[] {0, 0})))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> new MessageReader(0, false).readStruct(strict, ByteBuffer.wrap(new byte[] {-1, -1})))
                .isInstanceOf(MalformedMessageException.class);
        byte[] sixByteVarint = {(byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, 0x01};
        assertThatThrownBy(() -> new MessageReader(0, true).readStruct(strict, ByteBuffer.wrap(sixByteVarint)))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void utf8LengthMatchesTheEncoder() {
        for (String s : new String[] {"", "abc", "\u00e9", "\u65e5\u672c", "\uD83D\uDE00", "a\uD800b", "\uDC00"}) {
            assertThat(MessageWriter.utf8Length(s)).as(s).isEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    private static Struct copyWithDefaultHint(Struct struct) {
        Struct copy = ALL.newStruct();
        for (Field field : ALL.fields()) {
            copy.set(field.name(), struct.get(field.name()));
        }
        // Tagged fields only exist in flexible encodings.
        return copy.set("hint", -1);
    }

    private static ByteBuffer write(Struct struct, boolean flexible) throws IOException {
        Send send = new Send();
        new MessageWriter(0, flexible).write(ByteBuffer.allocate(0), struct, send);
        return send.toByteBuffer();
    }

    private static String hex(ByteBuffer buffer) {
        StringBuilder out = new StringBuilder();
        ByteBuffer copy = buffer.duplicate();
        while (copy.hasRemaining()) {
            out.append(String.format("%02x", copy.get()));
        }
        return out.toString();
    }
}
