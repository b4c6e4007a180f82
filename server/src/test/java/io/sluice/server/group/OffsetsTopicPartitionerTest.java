package io.sluice.server.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OffsetsTopicPartitionerTest {

    @Test
    void positiveHashIsTakenModuloThePartitionCount() {
        // 35782224 % 50 = 24
        assertThat("console-consumer-1".hashCode()).isEqualTo(35782224);
        assertThat(OffsetsTopicPartitioner.partitionFor("console-consumer-1", 50)).isEqualTo(24);
    }

    @Test
    void negativeHashUsesItsAbsoluteValueNotTheMaskedValue() {
        // Kafka takes Math.abs: 1906497762 % 50 = 12, where & 0x7fffffff would give 240985886 % 50 = 36
        assertThat("my-group".hashCode()).isEqualTo(-1906497762);
        assertThat(OffsetsTopicPartitioner.partitionFor("my-group", 50)).isEqualTo(12);
    }

    @Test
    void minValueHashMapsToPartitionZero() {
        assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(OffsetsTopicPartitioner.partitionFor("polygenelubricants", 50)).isZero();
        assertThat(OffsetsTopicPartitioner.partitionFor("polygenelubricants", 7)).isZero();
    }

    @Test
    void rejectsAnEmptyTopic() {
        assertThatThrownBy(() -> OffsetsTopicPartitioner.partitionFor("g", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void alwaysWithinTheTopic(@ForAll String groupId, @ForAll @IntRange(min = 1, max = 1000) int partitions) {
        int partition = OffsetsTopicPartitioner.partitionFor(groupId, partitions);
        assertThat(partition).isBetween(0, partitions - 1);
        assertThat(OffsetsTopicPartitioner.partitionFor(groupId, partitions)).isEqualTo(partition);
    }
}
