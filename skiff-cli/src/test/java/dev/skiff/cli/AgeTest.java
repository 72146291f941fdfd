package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgeTest {

    @Test
    void of_eachRange_usesItsUnit() {
        assertThat(Age.of(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Age.of(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Age.of(Duration.ofMinutes(12))).isEqualTo("12m");
        assertThat(Age.of(Duration.ofHours(5))).isEqualTo("5h");
        assertThat(Age.of(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Age.of(Duration.ofDays(800))).isEqualTo("2y");
    }

    @Test
    void of_negativeDuration_isZero() {
        assertThat(Age.of(Duration.ofSeconds(-5))).isEqualTo("0s");
    }

    @Test
    void since_missingOrUnreadableTimestamp_isNull() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Age.since(null, now)).isNull();
        assertThat(Age.since("yesterday", now)).isNull();
        assertThat(Age.since("2025-12-31T23:00:00Z", now)).isEqualTo("60m");
    }
}
