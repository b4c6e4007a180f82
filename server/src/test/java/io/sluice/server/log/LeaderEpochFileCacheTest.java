package io.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderEpochFileCacheTest {

    @TempDir
    Path dir;

    @Test
    void leaderEpochCacheAssignsAnswersEndOffsetsAndTruncates() throws Exception {
        LeaderEpochFileCache cache = new LeaderEpochFileCache(dir.toFile());
        cache.assign(1, 0);
        cache.assign(1, 5);
        cache.assign(3, 10);
        cache.assign(5, 20);
        assertThat(Files.readAllLines(cache.file().toPath())).containsExactly("0", "3", "1 0", "3 10", "5 20");
        assertThat(cache.endOffsetFor(5, 30)).isEqualTo(new LeaderEpochFileCache.EpochEndOffset(5, 30));
        assertThat(cache.endOffsetFor(3, 30)).isEqualTo(new LeaderEpochFileCache.EpochEndOffset(3, 20));
        assertThat(cache.endOffsetFor(4, 30)).isEqualTo(new LeaderEpochFileCache.EpochEndOffset(3, 20));
        assertThat(cache.endOffsetFor(0, 30)).isEqualTo(new LeaderEpochFileCache.EpochEndOffset(0, 0));
        assertThat(cache.endOffsetFor(6, 30)).isEqualTo(new LeaderEpochFileCache.EpochEndOffset(-1, -1));
        assertThat(cache.endOffsetFor(-1, 30)).isEqualTo(new LeaderEpochFileCache.EpochEndOffset(-1, -1));

        LeaderEpochFileCache reloaded = new LeaderEpochFileCache(dir.toFile());
        assertThat(reloaded.entries()).isEqualTo(cache.entries());

        reloaded.truncateFromEnd(15);
        assertThat(reloaded.entries()).containsExactly(new LeaderEpochFileCache.EpochEntry(1, 0),
                new LeaderEpochFileCache.EpochEntry(3, 10));
        reloaded.truncateFromStart(12);
        assertThat(reloaded.entries()).containsExactly(new LeaderEpochFileCache.EpochEntry(3, 12));
        // A new epoch that starts below existing entries replaces them (a diverged history).
        reloaded.assign(7, 11);
        assertThat(reloaded.entries()).containsExactly(new LeaderEpochFileCache.EpochEntry(7, 11));
        assertThat(new LeaderEpochFileCache(dir.toFile()).entries()).containsExactly(new LeaderEpochFileCache.EpochEntry(7, 11));
        reloaded.clear();
        assertThat(Files.readAllLines(cache.file().toPath())).containsExactly("0", "0");
        assertThat(List.of(reloaded.latestEpoch())).containsExactly(-1);
    }
}
