package io.sluice.tools.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupStateTablesTest {

    private static final String NL = System.lineSeparator();

    @Test
    void membersWithoutInstanceIds() {
        String table = GroupStateTables.members(List.of(
                new GroupStateTables.Member("g", "c-1", null, "/127.0.0.1", "c", 2)));
        assertThat(table).isEqualTo(NL
                + "GROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS    " + NL
                + "g               c-1             /127.0.0.1      c               2              " + NL);
    }

    @Test
    void aStaticMemberAddsTheInstanceIdColumn() {
        String table = GroupStateTables.members(List.of(
                new GroupStateTables.Member("g", "c-1", "instance-a", "/127.0.0.1", "c", 1),
                new GroupStateTables.Member("g", "c-2", null, "/127.0.0.1", "c", 0)));
        String[] lines = table.split(NL);
        assertThat(lines[1]).startsWith("GROUP           CONSUMER-ID     GROUP-INSTANCE-ID HOST ");
        assertThat(lines[2]).startsWith("g               c-1             instance-a        /127.0.0.1 ");
        assertThat(lines[3]).startsWith("g               c-2                               /127.0.0.1 ");
    }

    @Test
    void stateTableSizesItsFirstColumnByTheCoordinator() {
        assertThat(GroupStateTables.state("g", "127.0.0.1:9092  (1)", "range", "Stable", 2)).isEqualTo(NL
                + String.format("%-25s %-25s %-20s %-15s %s", "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS") + NL
                + String.format("%-25s %-25s %-20s %-15s %s", "g", "127.0.0.1:9092  (1)", "range", "Stable", "2") + NL);
    }
}
