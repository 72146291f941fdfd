package dev.skiff.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
    private final Deadlines deadlines = new Deadlines();
    private final List<String> fired = new ArrayList<>();

    private static final class Named extends Deadlines.Entry {
        final String name;

        Named(String name) {
            this.name = name;
        }
    }

    private void expire(long now) {
        deadlines.expire(now, e -> fired.add(((Named) e).name));
    }

    @Test
    void firesEachEntryOnceWhenItsTimeoutHasPassed() {
        Named a = new Named("a");
        Named b = new Named("b");
        deadlines.add(a, 1000, 0);
        deadlines.add(b, 1000, 400);

        expire(999);
        assertThat(fired).isEmpty();
        expire(1000);
        assertThat(fired).containsExactly("a");
        assertThat(a.pending()).isFalse();
        expire(1399);
        assertThat(fired).containsExactly("a");
        expire(5000);
        assertThat(fired).containsExactly("a", "b");
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void keepsDifferentTimeoutsApart() {
        deadlines.add(new Named("slow"), 60_000, 0);
        deadlines.add(new Named("fast"), 1_000, 100);

        expire(1_100);
        assertThat(fired).containsExactly("fast");
        expire(60_000);
        assertThat(fired).containsExactly("fast", "slow");
    }

    @Test
    void aRemovedEntryNeverFiresWhereverItSat() {
        Named head = new Named("head");
        Named middle = new Named("middle");
        Named tail = new Named("tail");
        Named alone = new Named("alone");
        deadlines.add(head, 10, 0);
        deadlines.add(middle, 10, 1);
        deadlines.add(tail, 10, 2);
        deadlines.add(alone, 20, 0);

        assertThat(deadlines.remove(middle)).isTrue();
        assertThat(deadlines.remove(middle)).isFalse();
        assertThat(deadlines.remove(alone)).isTrue();
        assertThat(deadlines.size()).isEqualTo(2);
        expire(100);
        assertThat(fired).containsExactly("head", "tail");

        deadlines.add(head, 10, 0);
        deadlines.remove(head);
        deadlines.add(tail, 10, 0);
        expire(100);
        assertThat(fired).containsExactly("head", "tail", "tail");
    }

    @Test
    void addingAPendingEntryAgainKeepsItsFirstDeadline() {
        Named a = new Named("a");
        deadlines.add(a, 10, 0);
        deadlines.add(a, 10, 50);

        assertThat(deadlines.size()).isEqualTo(1);
        expire(10);
        assertThat(fired).containsExactly("a");
    }

    @Test
    void anEntryAddedWhileExpiringWaitsForItsOwnDeadline() {
        Named again = new Named("again");
        deadlines.add(new Named("first"), 10, 0);
        deadlines.expire(10, e -> {
            fired.add(((Named) e).name);
            deadlines.add(again, 10, 10);
        });

        assertThat(fired).containsExactly("first");
        expire(20);
        assertThat(fired).containsExactly("first", "again");
    }
}
