package io.sluice.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.common.Send;
import io.sluice.protocol.message.CoreMessages;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class StructTest {

    @Test
    void newStructsHoldTheDefaultsOfTheDefinition() {
        Struct fetch = CoreMessages.FETCH_REQUEST.newStruct();
        assertThat(fetch.getInt("replica_id")).isEqualTo(-1);
        assertThat(fetch.getInt("max_bytes")).isEqualTo(Integer.MAX_VALUE);
        assertThat(fetch.getString("cluster_id")).isNull();
        assertThat(fetch.getString("rack_id")).isEmpty();
        assertThat(fetch.<Struct>getArray("topics")).isEmpty();
        assertThat(fetch.getStruct("replica_state").getLong("replica_epoch")).isEqualTo(-1L);
        assertThat(CoreMessages.METADATA_REQUEST.newStruct().getBool("allow_auto_topic_creation")).isTrue();
    }

    @Test
    void numbersAreNarrowedWhenTheyFitAndRejectedOtherwise() {
        Struct response = CoreMessages.PRODUCE_RESPONSE.newStruct();
        Struct partition = response.addElement("responses").addElement("partition_responses");
        partition.set("error_code", 6).set("base_offset", 17);
        assertThat(partition.getShort("error_code")).isEqualTo((short) 6);
        assertThat(partition.getLong("base_offset")).isEqualTo(17L);
        assertThatThrownBy(() -> partition.set("error_code", 70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> partition.set("error_code", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> partition.set("no_such_field", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> partition.addElement("index")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writingNullWhereTheVersionForbidsItIsAProgrammingError() {
        Struct metadata = CoreMessages.METADATA_REQUEST.newStruct().set("topics", null);
        Send send = new Send();
        assertThatThrownBy(() -> CoreMessages.METADATA_REQUEST.write(metadata, (short) 0, send))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topics");
        CoreMessages.METADATA_REQUEST.write(metadata, (short) 1, send);
        assertThat(send.sizeInBytes()).as("int32 -1 for the null array").isEqualTo(4);
    }

    @Test
    void sizeOfMatchesWhatIsWritten() {
        Struct request = CoreMessages.PRODUCE_REQUEST.newStruct().set("acks", -1).set("timeout_ms", 1000);
        request.addElement("topic_data").set("name", "t\u00e9st").addElement("partition_data")
                .set("index", 0).set("records", ByteBuffer.allocate(MessageWriter.ZERO_COPY_THRESHOLD + 1));
        for (short version = 0; version <= 11; version++) {
            Send send = new Send();
            CoreMessages.PRODUCE_REQUEST.write(request, version, send);
            assertThat(send.sizeInBytes()).isEqualTo(CoreMessages.PRODUCE_REQUEST.sizeOf(request, version));
            assertThat(send.parts()).as("large record buffers are passed through, not copied")
                    .anySatisfy(part -> assertThat(((ByteBuffer) part).remaining()).isEqualTo(MessageWriter.ZERO_COPY_THRESHOLD + 1));
        }
    }

    @Test
    void versionsOutsideTheDefinitionAreRejected() {
        assertThatThrownBy(() -> CoreMessages.PRODUCE_REQUEST.read(ByteBuffer.allocate(10), (short) 12))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
