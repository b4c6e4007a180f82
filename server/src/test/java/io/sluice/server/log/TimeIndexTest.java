package io.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeIndexTest {

    @TempDir
    Path dir;

    private File file() {
        return dir.resolve("00000000000000000050.timeindex").toFile();
    }

    @Test
    void keepsOnlyGrowingTimestampsAndFindsTheEntryBelowATarget() throws Exception {
        TimeIndex index = new TimeIndex(file(), 50, 12 * 10, true);
        index.maybeAppend(1000, 55, false);
        index.maybeAppend(900, 60, false);
        index.maybeAppend(1000, 61, false);
        index.maybeAppend(2000, 70, false);
        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.lookupBelow(1000)).isEqualTo(new TimeIndex.TimestampOffset(-1, 50));
        assertThat(index.lookupBelow(1001)).isEqualTo(new TimeIndex.TimestampOffset(1000, 55));
        assertThat(index.lookupBelow(5000)).isEqualTo(new TimeIndex.TimestampOffset(2000, 70));
        assertThat(index.lastEntry()).isEqualTo(new TimeIndex.TimestampOffset(2000, 70));
        index.close();
        assertThat(file().length()).isEqualTo(24);
        try (RandomAccessFile raf = new RandomAccessFile(file(), "r")) {
            assertThat(raf.readLong()).isEqualTo(1000);
            assertThat(raf.readInt()).isEqualTo(5);
        }
    }

    @Test
    void keepsOneSlotFreeForTheRollEntry() throws Exception {
        TimeIndex index = new TimeIndex(file(), 0, 36, true);
        index.maybeAppend(1, 1, false);
        index.maybeAppend(2, 2, false);
        assertThat(index.isFull()).isTrue();
        assertThatThrownBy(() -> index.maybeAppend(3, 3, false)).isInstanceOf(IllegalStateException.class);
        index.maybeAppend(3, 3, true);
        assertThat(index.entries()).isEqualTo(3);
        index.close();
    }

    @Test
    void truncatesEntriesAtOrAboveAnOffsetAndChecksOrder() throws Exception {
        TimeIndex index = new TimeIndex(file(), 50, 1200, true);
        index.maybeAppend(1000, 55, false);
        index.maybeAppend(2000, 60, false);
        index.maybeAppend(3000, 70, false);
        index.truncateTo(60);
        assertThat(index.entries()).isEqualTo(1);
        assertThatThrownBy(() -> index.maybeAppend(5000, 54, false)).isInstanceOf(InvalidOffsetException.class);
        index.sanityCheck(0);
        index.close();

        try (RandomAccessFile raf = new RandomAccessFile(file(), "rw")) {
            raf.setLength(0);
            raf.writeLong(2000);
            raf.writeInt(1);
            raf.writeLong(1000);
            raf.writeInt(2);
        }
        TimeIndex corrupt = new TimeIndex(file(), 50, 1200, false);
        assertThatThrownBy(() -> corrupt.sanityCheck(0)).isInstanceOf(CorruptIndexException.class);
        corrupt.close();
    }
}
