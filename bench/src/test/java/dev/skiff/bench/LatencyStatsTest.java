package dev.skiff.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void percentile_oneToHundred_isNearestRank() {
        LatencyStats stats = LatencyStats.of(LongStream.rangeClosed(1, 100).toArray());

        assertThat(stats.percentile(50)).isEqualTo(50);
        assertThat(stats.percentile(90)).isEqualTo(90);
        assertThat(stats.percentile(99)).isEqualTo(99);
        assertThat(stats.percentile(100)).isEqualTo(100);
        assertThat(stats.max()).isEqualTo(100);
    }

    @Test
    void percentile_zero_isMinimum() {
        assertThat(LatencyStats.of(7, 3, 9).percentile(0)).isEqualTo(3);
    }

    @Test
    void percentile_betweenRanks_roundsUpToObservedValue() {
        LatencyStats stats = LatencyStats.of(10, 20, 30, 40);

        assertThat(stats.percentile(50)).isEqualTo(20);
        assertThat(stats.percentile(51)).isEqualTo(30);
        assertThat(stats.percentile(99)).isEqualTo(40);
    }

    @Test
    void percentile_unsortedInput_sortsFirst() {
        assertThat(LatencyStats.of(5, 1, 4, 2, 3).percentile(50)).isEqualTo(3);
    }

    @Test
    void percentile_singleValue_isThatValueEverywhere() {
        LatencyStats stats = LatencyStats.of(42);

        assertThat(stats.percentile(1)).isEqualTo(42);
        assertThat(stats.percentile(50)).isEqualTo(42);
        assertThat(stats.percentile(99)).isEqualTo(42);
    }

    @Test
    void percentile_noValues_isZero() {
        LatencyStats stats = LatencyStats.of();

        assertThat(stats.count()).isZero();
        assertThat(stats.percentile(99)).isZero();
        assertThat(stats.max()).isZero();
    }

    @Test
    void percentile_outsideZeroToHundred_throws() {
        LatencyStats stats = LatencyStats.of(1);

        assertThatThrownBy(() -> stats.percentile(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.percentile(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void merge_severalRecorders_countsAndSortsAcrossThem() {
        LatencyRecorder first = new LatencyRecorder(2);
        LatencyRecorder second = new LatencyRecorder(2);
        for (long value : new long[] {9, 1, 8}) {
            first.record(value);
        }
        second.record(5);

        LatencyStats stats = LatencyStats.merge(List.of(first, second));

        assertThat(stats.count()).isEqualTo(4);
        assertThat(stats.percentile(0)).isEqualTo(1);
        assertThat(stats.percentile(50)).isEqualTo(5);
        assertThat(stats.max()).isEqualTo(9);
    }

    @Test
    void record_pastCapacity_growsAndKeepsEveryValue() {
        LatencyRecorder recorder = new LatencyRecorder(1);
        for (long value = 1; value <= 1000; value++) {
            recorder.record(value);
        }

        LatencyStats stats = LatencyStats.merge(List.of(recorder));

        assertThat(recorder.size()).isEqualTo(1000);
        assertThat(stats.percentile(50)).isEqualTo(500);
        assertThat(stats.max()).isEqualTo(1000);
    }
}
