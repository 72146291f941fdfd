package dev.skiff.server.backend.cgroups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.Quantity;
import dev.skiff.server.backend.cgroups.CgroupSettings.Setting;
import org.junit.jupiter.api.Test;

/** The limit arithmetic: CPU quota per period from a quantity, memory in bytes, and the order the kernel needs. */
class CgroupSettingsTest {
    private static long quota(String cpu) {
        return CgroupSettings.quotaMicros(Quantity.millicores(cpu));
    }

    @Test
    void cpuQuota_isTheShareOfEach100msPeriod() {
        assertThat(quota("500m")).isEqualTo(50_000);
        assertThat(quota("0.5")).isEqualTo(50_000);
        assertThat(quota("2")).isEqualTo(200_000);
        assertThat(quota("1.5")).isEqualTo(150_000);
        assertThat(quota("250m")).isEqualTo(25_000);
    }

    @Test
    void cpuQuota_belowTheKernelsFloor_isTheFloor_andNoneIsUnlimited() {
        assertThat(quota("1m")).isEqualTo(1_000);
        assertThat(quota("0.0001")).as("rounded up to 1m, then the floor").isEqualTo(1_000);
        assertThat(CgroupSettings.quotaMicros(0)).isEqualTo(-1);
    }

    @Test
    void v1Cpu_periodThenQuota() {
        assertThat(CgroupSettings.v1Cpu(500)).containsExactly(new Setting("cpu.cfs_period_us", "100000"),
                new Setting("cpu.cfs_quota_us", "50000"));
        assertThat(CgroupSettings.v1Cpu(0)).contains(new Setting("cpu.cfs_quota_us", "-1"));
    }

    @Test
    void v1Memory_inBytes_withSwapHeldAtTheSameLimit_inTheOrderTheKernelAccepts() {
        long bytes = Quantity.resourceBytes("256Mi");
        assertThat(bytes).isEqualTo(268_435_456L);

        assertThat(CgroupSettings.v1Memory(bytes, Long.MAX_VALUE, true)).as("lowered from unlimited: memory first")
                .containsExactly(new Setting("memory.limit_in_bytes", "268435456"), new Setting("memory.memsw.limit_in_bytes", "268435456"));
        assertThat(CgroupSettings.v1Memory(1L << 30, bytes, true)).as("raised: memory and swap first")
                .containsExactly(new Setting("memory.memsw.limit_in_bytes", "1073741824"), new Setting("memory.limit_in_bytes", "1073741824"));
        assertThat(CgroupSettings.v1Memory(bytes, Long.MAX_VALUE, false)).containsExactly(new Setting("memory.limit_in_bytes", "268435456"));
    }

    @Test
    void v2_memoryWithoutSwapKilledAsAGroup_pids_andCpuAsQuotaAndPeriod() {
        Limits limits = new Limits(Quantity.resourceBytes("1.5Gi"), Quantity.millicores("500m"), 1024);

        assertThat(CgroupSettings.v2(limits, true, true, true, true)).containsExactly(
                new Setting("memory.max", "1610612736"), new Setting("memory.swap.max", "0"),
                new Setting("memory.oom.group", "1"), new Setting("pids.max", "1024"), new Setting("cpu.max", "50000 100000"));
        assertThat(CgroupSettings.v2(new Limits(1L << 20, 0, 0), true, true, true, false)).containsExactly(
                new Setting("memory.max", "1048576"), new Setting("memory.oom.group", "1"), new Setting("pids.max", "max"),
                new Setting("cpu.max", "max 100000"));
        assertThat(CgroupSettings.v2(limits, true, false, false, false)).as("only the controllers given")
                .extracting(Setting::file).containsExactly("memory.max", "memory.oom.group");
    }
}
