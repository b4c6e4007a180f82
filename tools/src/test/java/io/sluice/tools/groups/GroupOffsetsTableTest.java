package io.sluice.tools.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupOffsetsTableTest {

    private static final String NL = System.lineSeparator();

    @Test
    void columnsAreAlignedAsKafkaAlignsThem() {
        String table = GroupOffsetsTable.format(List.of(
                new GroupOffsetsTable.Row("g", "orders", 0, 3L, 5L, null, null, null),
                new GroupOffsetsTable.Row("g", "orders", 1, null, 7L, null, null, null)));
        assertThat(table).isEqualTo(NL
                + "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID" + NL
                + "g               orders          0          3               5               2               -               -               -" + NL
                + "g               orders          1          -               7               -               -               -               -" + NL);
    }

    @Test
    void longValuesWidenTheirColumns() {
        String member = "console-consumer-0a6c2a8e-5e5f-4f3d-9a4e-2b1f0c0e7d11";
        String table = GroupOffsetsTable.format(List.of(
                new GroupOffsetsTable.Row("a-rather-long-group-name", "t", 0, 10L, 10L, member, "/127.0.0.1", "console-consumer")));
        String[] lines = table.split(NL);
        assertThat(lines[1]).startsWith("GROUP                    TOPIC           PARTITION ");
        assertThat(lines[2]).isEqualTo("a-rather-long-group-name t               0          10              10              0               "
                + member + " /127.0.0.1      console-consumer");
        assertThat(lines[1].indexOf("CONSUMER-ID")).isEqualTo(lines[2].indexOf(member));
        assertThat(lines[1].indexOf("HOST")).isEqualTo(lines[2].indexOf("/127.0.0.1"));
    }

    @Test
    void lagIsUnknownWithoutACommittedOffsetOrLogEnd() {
        assertThat(new GroupOffsetsTable.Row("g", "t", 0, null, 5L, null, null, null).lag()).isNull();
        assertThat(new GroupOffsetsTable.Row("g", "t", 0, 5L, null, null, null, null).lag()).isNull();
        assertThat(new GroupOffsetsTable.Row("g", "t", 0, 5L, 5L, null, null, null).lag()).isZero();
    }

    @Test
    void resetTableHasKafkasFixedWidths() {
        assertThat(GroupOffsetsTable.formatReset("g", List.of(new GroupOffsetsTable.Reset("orders", 0, 42)))).isEqualTo(NL
                + String.format("%-30s %-30s %-10s %-15s", "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET") + NL
                + String.format("%-30s %-30s %-10s %-15s", "g", "orders", "0", "42") + NL);
    }
}
