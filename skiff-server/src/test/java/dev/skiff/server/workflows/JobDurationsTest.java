package dev.skiff.server.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The job duration histogram: a hostile file's many transformation names cannot grow it past the cap. */
class JobDurationsTest {
    @Test
    void transformationsBeyondTheCap_countAsOther_soTheSeriesStayBounded() {
        JobDurations durations = new JobDurations(3);

        for (int i = 0; i < 10_000; i++) {
            durations.record("default", "t" + i, 0.2);
        }
        durations.record("default", "t1", 0.2);

        List<JobDurations.Series> series = durations.series();
        assertThat(series).extracting(JobDurations.Series::transformation).containsExactly("t0", "t1", "t2", "other");
        assertThat(series.get(1).cumulative()[JobDurations.BUCKETS.length]).isEqualTo(2);
        assertThat(series.get(3).cumulative()[JobDurations.BUCKETS.length]).isEqualTo(9_997);
    }

    @Test
    void aDuration_countsInItsBucketAndEveryLargerOne_andInTheSum() {
        JobDurations durations = new JobDurations(100);

        durations.record("team-a", "mProject", 0.3);
        durations.record("team-a", "mProject", 20);

        JobDurations.Series series = durations.series().get(0);
        assertThat(series.namespace()).isEqualTo("team-a");
        assertThat(series.cumulative()[2]).isZero();
        assertThat(series.cumulative()[3]).isEqualTo(1);
        assertThat(series.cumulative()[7]).isEqualTo(2);
        assertThat(series.seconds()).isEqualTo(20.3);
    }
}
