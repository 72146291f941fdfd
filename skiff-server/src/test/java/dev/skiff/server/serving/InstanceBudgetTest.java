package dev.skiff.server.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each namespace's room for instances and their memory, taken and given back from many threads at once. */
class InstanceBudgetTest {
    private static final long MI = 1L << 20;
    private final InstanceBudget budget = new InstanceBudget();

    @Test
    void take_pastMaxInstances_isRefusedNamingTheQuotaItsLimitAndTheUsage() throws QuotaExceededException {
        budget.set("team-a", 2, null);
        budget.take("team-a", 256 * MI);
        budget.take("team-a", 256 * MI);

        assertThatThrownBy(() -> budget.take("team-a", 256 * MI)).isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("team-a").hasMessageContaining("maxInstances 2").hasMessageContaining("runs 2");
        assertThat(budget.usage("team-a")).isEqualTo(new InstanceBudget.Usage(2, 512 * MI));
    }

    @Test
    void take_pastMaxMemory_isRefusedNamingTheQuotaItsLimitAndTheUsage() throws QuotaExceededException {
        budget.set("team-a", null, 1024 * MI);
        budget.take("team-a", 768 * MI);

        assertThatThrownBy(() -> budget.take("team-a", 512 * MI)).isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("maxMemory 1Gi").hasMessageContaining("768Mi").hasMessageContaining("512Mi");
        budget.take("team-a", 256 * MI);
        assertThat(budget.usage("team-a")).isEqualTo(new InstanceBudget.Usage(2, 1024 * MI));
    }

    @Test
    void release_givesTheRoomBack_once() throws QuotaExceededException {
        budget.set("team-a", 1, 512 * MI);
        InstanceQuota.Lease lease = budget.take("team-a", 512 * MI);

        lease.release();
        lease.release();

        assertThat(budget.usage("team-a")).isEqualTo(InstanceBudget.Usage.NONE);
        budget.take("team-a", 512 * MI);
        assertThatThrownBy(() -> budget.take("team-a", 1)).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void namespacesWithoutQuotas_takeFreely_andAreCounted() throws QuotaExceededException {
        for (int i = 0; i < 100; i++) {
            budget.take("default", 512 * MI);
            budget.take("team-b", MI);
        }

        assertThat(budget.usage("team-b")).isEqualTo(new InstanceBudget.Usage(100, 100 * MI));
        assertThat(budget.usage("default").instances()).isEqualTo(100);
        assertThat(budget.usage("nowhere")).isEqualTo(InstanceBudget.Usage.NONE);
    }

    @Test
    void aQuotaSetBelowTheUsage_keepsWhatRuns_andRefusesMore() throws QuotaExceededException {
        budget.take("team-a", MI);
        budget.take("team-a", MI);
        budget.take("team-a", MI);

        budget.set("team-a", 2, null);

        assertThatThrownBy(() -> budget.take("team-a", MI)).hasMessageContaining("runs 3");
        budget.set("team-a", null, null);
        budget.take("team-a", MI);
        assertThat(budget.usage("team-a").instances()).isEqualTo(4);
    }

    @Test
    void takesFromManyThreadsAtOnce_neverPassEitherQuota() throws Exception {
        budget.set("instances", 5, null);
        budget.set("memory", null, 700 * MI);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        // Counted by the takers themselves, not by the budget: each lease taken and not yet given back.
        AtomicInteger heldInstances = new AtomicInteger();
        AtomicInteger heldMemory = new AtomicInteger();
        AtomicInteger mostInstances = new AtomicInteger();
        AtomicInteger mostMemory = new AtomicInteger();
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean byCount = t % 2 == 0;
            AtomicInteger held = byCount ? heldInstances : heldMemory;
            AtomicInteger most = byCount ? mostInstances : mostMemory;
            loops.add(pool.submit(() -> {
                go.await();
                for (int round = 0; round < 500; round++) {
                    // Take until refused, then give all back: every round meets the quota.
                    List<InstanceQuota.Lease> mine = new ArrayList<>();
                    while (true) {
                        try {
                            mine.add(budget.take(byCount ? "instances" : "memory", 100 * MI));
                        } catch (QuotaExceededException e) {
                            break;
                        }
                        most.accumulateAndGet(held.incrementAndGet(), Math::max);
                    }
                    for (InstanceQuota.Lease lease : mine) {
                        held.decrementAndGet();
                        lease.release();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> loop : loops) {
            loop.get();
        }
        pool.shutdown();

        assertThat(mostInstances.get()).as("instances held at once").isLessThanOrEqualTo(5);
        assertThat(mostMemory.get()).as("hundreds of MiB held at once").isLessThanOrEqualTo(7);
        assertThat(budget.usage("instances")).isEqualTo(InstanceBudget.Usage.NONE);
        assertThat(budget.usage("memory")).isEqualTo(InstanceBudget.Usage.NONE);
    }
}
