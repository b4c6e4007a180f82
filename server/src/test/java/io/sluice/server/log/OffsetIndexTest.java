package io.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {

    @TempDir
    Path dir;

    private File file() {
        return dir.resolve("00000000000000000100.index").toFile();
    }

    @Test
    void preallocatesLooksUpFloorEntriesAndTrims() throws Exception {
        OffsetIndex index = new OffsetIndex(file(), 100, 1000, true);
        assertThat(file().length()).isEqualTo(1000 / 8 * 8);
        assertThat(index.maxEntries()).isEqualTo(125);
        assertThat(index.lookup(150)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
        index.append(110, 400);
        index.append(120, 800);
        index.append(135, 1200);
        assertThat(index.lookup(99)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
        assertThat(index.lookup(109)).isEqualTo(new OffsetIndex.OffsetPosition(100, 0));
        assertThat(index.lookup(110)).isEqualTo(new OffsetIndex.OffsetPosition(110, 400));
        assertThat(index.lookup(134)).isEqualTo(new OffsetIndex.OffsetPosition(120, 800));
        assertThat(index.lookup(10_000)).isEqualTo(new OffsetIndex.OffsetPosition(135, 1200));
        index.close();
        assertThat(file().length()).isEqualTo(3 * 8);

        OffsetIndex reopened = new OffsetIndex(file(), 100, 1000, false);
        assertThat(reopened.entries()).isEqualTo(3);
        assertThat(reopened.lastOffset()).isEqualTo(135);
        reopened.sanityCheck(2000);
        reopened.close();
    }

    @Test
    void storesOffsetsRelativeToTheBaseOffsetInFourBytes() throws Exception {
        OffsetIndex index = new OffsetIndex(file(), 100, 80, true);
        index.append(100 + 7, 99);
        index.close();
        try (RandomAccessFile raf = new RandomAccessFile(file(), "r")) {
            assertThat(raf.readInt()).isEqualTo(7);
            assertThat(raf.readInt()).isEqualTo(99);
        }
    }

    @Test
    void refusesEntriesOutOfOrderOrBeyondThirtyTwoBits() throws Exception {
        OffsetIndex index = new OffsetIndex(file(), 100, 80, true);
        index.append(110, 400);
        assertThatThrownBy(() -> index.append(110, 500)).isInstanceOf(InvalidOffsetException.class);
        assertThatThrownBy(() -> index.append(120, 300)).isInstanceOf(InvalidOffsetException.class);
        assertThatThrownBy(() -> index.append(100L + Integer.MAX_VALUE + 1, 900)).isInstanceOf(InvalidOffsetException.class);
        index.close();
    }

    @Test
    void becomesFullAtItsPreallocatedSize() throws Exception {
        OffsetIndex index = new OffsetIndex(file(), 0, 24, true);
        index.append(1, 10);
        index.append(2, 20);
        index.append(3, 30);
        assertThat(index.isFull()).isTrue();
        assertThatThrownBy(() -> index.append(4, 40)).isInstanceOf(IllegalStateException.class);
        index.close();
    }

    @Test
    void truncatesEntriesAtOrAboveAnOffset() throws Exception {
        OffsetIndex index = new OffsetIndex(file(), 100, 800, true);
        index.append(110, 400);
        index.append(120, 800);
        index.append(130, 1200);
        index.truncateTo(120);
        assertThat(index.entries()).isEqualTo(1);
        assertThat(index.lookup(125)).isEqualTo(new OffsetIndex.OffsetPosition(110, 400));
        index.append(121, 700);
        assertThat(index.lastOffset()).isEqualTo(121);
        index.truncateTo(0);
        assertThat(index.entries()).isZero();
        index.close();
    }

    @Test
    void sanityCheckRejectsDecreasingOrZeroFilledEntries() throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file(), "rw")) {
            raf.writeInt(10);
            raf.writeInt(400);
            raf.writeInt(5);
            raf.writeInt(800);
        }
        OffsetIndex decreasing = new OffsetIndex(file(), 100, 800, false);
        assertThatThrownBy(() -> decreasing.sanityCheck(10_000)).isInstanceOf(CorruptIndexException.class);
        decreasing.close();

        // What a crash leaves: a preallocated file full of zeroes.
        try (RandomAccessFile raf = new RandomAccessFile(file(), "rw")) {
            raf.setLength(0);
            raf.setLength(64);
        }
        OffsetIndex zeroes = new OffsetIndex(file(), 100, 800, false);
        assertThatThrownBy(() -> zeroes.sanityCheck(10_000)).isInstanceOf(CorruptIndexException.class);
        zeroes.close();
    }

    @Test
    void sanityCheckRejectsPositionsPastTheLog() throws Exception {
        OffsetIndex index = new OffsetIndex(file(), 100, 800, true);
        index.append(110, 4000);
        assertThatThrownBy(() -> index.sanityCheck(1000)).isInstanceOf(CorruptIndexException.class);
        index.sanityCheck(5000);
        index.close();
    }
}
