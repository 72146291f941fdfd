package dev.skiff.core.workflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsCsvTest {
    @Test
    void cellsStartingWithAFormulaCharacter_getALeadingQuote() {
        for (String formula : List.of("=1+1", "+1", "-2", "@SUM(A1)", "\t=1")) {
            String csv = JobsCsv.render(ReportFixtures.hostile(formula));
            String row = csv.lines().toList().get(1);

            assertThat(row).startsWith("'" + formula + ",").doesNotContain("," + formula + ",");
            assertThat(JobsCsv.cell(formula)).isEqualTo("'" + formula);
        }
    }

    @Test
    void quotes_commasAndNewlinesAndQuotes_perRfc4180_withCrlf() {
        String csv = JobsCsv.render(ReportFixtures.hostile("a,\"b\"\nc"));

        assertThat(csv).startsWith("id,transformation,").contains("\r\n\"a,\"\"b\"\"\nc\",").endsWith("\r\n");
    }

    @Test
    void diamond_oneRowPerJob_fixedColumnsThenEveryRecordFieldSeen() {
        List<String> lines = JobsCsv.render(ReportFixtures.diamond()).lines().toList();

        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("id,transformation,function,state,attempts,queued,start,end,queue seconds,"
                + "duration seconds,revision,instance,ID,Hostname,Command Time");
        assertThat(lines.get(1)).isEqualTo("ID0000001,preprocess,runner,succeeded,1,2026-12-08T10:00:00Z,"
                + "2026-12-08T10:00:00Z,2026-12-08T10:00:10Z,0,10,runner-00001,i-1,ID0000001,h-1,9.5");
        assertThat(lines.get(4)).isEqualTo("ID0000004,analyze,runner,waiting,0,,,,,,,,,,");
    }

    @Test
    void recordFields_keepTheirOrderOfFirstSight() {
        RunReport run = new RunReport("w", "Succeeded", null, null, List.of(
                ReportFixtures.job("x", "t", "succeeded", 1, 0, 1, null, ReportFixtures.record("B", "1"),
                        List.of(), List.of(), List.of()),
                ReportFixtures.job("y", "t", "succeeded", 1, 0, 1, null, Map.of("A", "2"), List.of(), List.of(), List.of())));

        assertThat(JobsCsv.render(run).lines().findFirst().orElseThrow()).endsWith(",instance,B,A");
    }
}
