package dev.skiff.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The window of events waiting and in flight, and its watermark, the position the log may be told. */
class DeliveryWindowTest {

    /** Reads and starts the event at {@code position}. */
    private static void startNew(DeliveryWindow window, long position) {
        window.read(position);
        window.start(position);
    }

    @Test
    void watermark_beforeAnythingIsRead_isMinusOne() {
        assertThat(new DeliveryWindow(4).watermark()).isEqualTo(-1);
    }

    @Test
    void watermark_eventsFinishingInOrder_followsEachOne() {
        DeliveryWindow window = new DeliveryWindow(1);

        startNew(window, 10);
        assertThat(window.watermark()).isEqualTo(9);
        assertThat(window.hasRoom()).isFalse();
        window.finish(10);
        assertThat(window.watermark()).isEqualTo(10);
        startNew(window, 11);
        window.finish(11);

        assertThat(window.watermark()).isEqualTo(11);
        assertThat(window.inFlight()).isZero();
        assertThat(window.unfinished()).isZero();
    }

    @Test
    void watermark_laterEventsFinishingFirst_staysBelowTheLowestUnfinished() {
        DeliveryWindow window = new DeliveryWindow(8);
        for (long p = 1; p <= 5; p++) {
            startNew(window, p);
        }

        window.finish(5);
        window.finish(3);
        window.finish(4);
        assertThat(window.watermark()).isZero();
        window.finish(2);
        assertThat(window.watermark()).isZero();
        window.finish(1);

        assertThat(window.watermark()).isEqualTo(5);
    }

    @Test
    void watermark_eventsReadButNotStarted_holdItBackToo() {
        DeliveryWindow window = new DeliveryWindow(1);
        startNew(window, 1);
        window.read(2);
        window.read(3);
        window.skip(4);

        window.finish(1);
        assertThat(window.watermark()).isEqualTo(1);
        assertThat(window.unfinished()).isEqualTo(2);
        window.start(2);
        window.finish(2);
        window.start(3);
        window.finish(3);

        assertThat(window.watermark()).isEqualTo(4);
    }

    @Test
    void watermark_skippedEventsAfterAnUnfinishedOne_waitForIt() {
        DeliveryWindow window = new DeliveryWindow(2);
        startNew(window, 100);
        window.skip(101);
        window.skip(102);
        startNew(window, 103);
        window.skip(104);

        window.finish(103);
        assertThat(window.watermark()).isEqualTo(99);
        window.finish(100);

        assertThat(window.watermark()).isEqualTo(104);
    }

    @Test
    void watermark_onlySkippedEvents_isTheLastRead() {
        DeliveryWindow window = new DeliveryWindow(1);
        window.skip(7);
        window.skip(9);

        assertThat(window.watermark()).isEqualTo(9);
        assertThat(window.hasRoom()).isTrue();
    }

    @Test
    void watermark_gapsInPositions_isJustBelowTheUnfinishedOne() {
        DeliveryWindow window = new DeliveryWindow(4);
        startNew(window, 20);
        startNew(window, 35);
        window.finish(20);

        assertThat(window.watermark()).isEqualTo(34);
    }

    @Test
    void hasRoom_countsOnlyEventsInFlight_notWaitingOrSkippedOnes() {
        DeliveryWindow window = new DeliveryWindow(3);
        startNew(window, 1);
        window.skip(2);
        startNew(window, 3);
        window.read(4);
        assertThat(window.hasRoom()).isTrue();
        window.start(4);

        assertThat(window.hasRoom()).isFalse();
        assertThat(window.inFlight()).isEqualTo(3);
        window.finish(3);
        assertThat(window.hasRoom()).isTrue();
    }

    @Test
    void holdsOnlyUnfinishedEvents_howeverFarTheStreamRunsPastAStuckOne() {
        DeliveryWindow window = new DeliveryWindow(2);
        startNew(window, 0);
        for (long p = 1; p <= 100_000; p++) {
            startNew(window, p);
            window.finish(p);
        }

        assertThat(window.unfinished()).isEqualTo(1);
        assertThat(window.watermark()).isEqualTo(-1);
        window.finish(0);
        assertThat(window.watermark()).isEqualTo(100_000);
    }

    @Test
    void start_withoutRoom_isRefused() {
        DeliveryWindow window = new DeliveryWindow(1);
        startNew(window, 1);
        window.read(2);

        assertThatThrownBy(() -> window.start(2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void start_ofAnEventNotWaiting_isRefused() {
        DeliveryWindow window = new DeliveryWindow(4);
        startNew(window, 1);
        window.skip(2);

        assertThatThrownBy(() -> window.start(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> window.start(2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void positionsGoingBackwards_areRefused() {
        DeliveryWindow window = new DeliveryWindow(4);
        startNew(window, 5);

        assertThatThrownBy(() -> window.read(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window.skip(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void finish_ofAnEventNotInFlight_isRefused() {
        DeliveryWindow window = new DeliveryWindow(4);
        startNew(window, 5);
        window.finish(5);
        window.read(6);

        assertThatThrownBy(() -> window.finish(5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> window.finish(6)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void capacityBelowOne_isRefused() {
        assertThatThrownBy(() -> new DeliveryWindow(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
