package dev.skiff.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JobOutcomeTest {
    private static final String RECORD = """
            {"ID": "ID0000001", "runID": "run00001", "Command": "mProject", "Arguments": ["-X", "in.fits", "p.fits", "region.hdr"],
             "Inputs": ["in.fits", "region.hdr"], "Outputs": ["p.fits"], "Start Time": "2024-09-03T17:00:26.022749",
             "InputIO Time": "2024-09-03T17:00:26.022801", "Command Time": "2024-09-03T17:00:26.023002",
             "OutputIO Time": "2024-09-03T17:00:27.512000", "End Time": "2024-09-03T17:00:27.512100",
             "Hostname": "worker-1", "Execution Output": "", "Execution Error": "", "Extra Field": 42}""";

    @Test
    void of_200WithRecord_succeededKeepingEveryField() {
        JobOutcome outcome = JobOutcome.of(200, RECORD);

        assertThat(outcome).isInstanceOf(JobOutcome.Succeeded.class);
        ObjectNode record = outcome.record().orElseThrow();
        assertThat(record.get("ID").asText()).isEqualTo("ID0000001");
        assertThat(record.get("Start Time").asText()).isEqualTo("2024-09-03T17:00:26.022749");
        assertThat(record.get("Execution Error").asText()).isEmpty();
        assertThat(record.get("Extra Field").asInt()).isEqualTo(42);
        assertThat(record.size()).isEqualTo(15);
    }

    @Test
    void of_200WithListOfRecords_keepsTheLast() {
        JobOutcome outcome = JobOutcome.of(200, "[{\"ID\": \"ID0000000\"}, " + RECORD + "]");

        assertThat(outcome.record().orElseThrow().get("ID").asText()).isEqualTo("ID0000001");
    }

    @Test
    void of_200ThatIsNotARecord_succeededWithTheStartOfTheAnswer() {
        JobOutcome outcome = JobOutcome.of(200, "done");

        assertThat(outcome).isInstanceOf(JobOutcome.Succeeded.class);
        assertThat(outcome.record().orElseThrow().get("answer").asText()).isEqualTo("done");
        assertThat(JobOutcome.of(204, "").record().orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void of_500CommandFailed_failedWithTheRecordRetryable() {
        JobOutcome outcome = JobOutcome.of(500, "{\"error\": \"CommandFailed\", \"message\": \"mProject exited with 1\", "
                + "\"record\": " + RECORD.replace("\"Execution Error\": \"\"", "\"Execution Error\": \"bad header\"") + "}");

        JobOutcome.Failed failed = (JobOutcome.Failed) outcome;
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.error()).isEqualTo("CommandFailed");
        assertThat(failed.message()).isEqualTo("mProject exited with 1");
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.record().orElseThrow().get("Execution Error").asText()).isEqualTo("bad header");
    }

    @Test
    void of_400MissingInput_failedWithTheRecordRetryable() {
        JobOutcome outcome = JobOutcome.of(400, "{\"error\": \"MissingInput\", \"message\": \"input region.hdr does not exist\", "
                + "\"record\": {\"ID\": \"ID0000001\", \"Start Time\": \"2024-09-03T17:00:26.022749\", \"InputIO Time\": null}}");

        JobOutcome.Failed failed = (JobOutcome.Failed) outcome;
        assertThat(failed.error()).isEqualTo("MissingInput");
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.record().orElseThrow().get("InputIO Time").isNull()).isTrue();
    }

    @Test
    void of_errorWithRecordsOnly_keepsTheLastRecord() {
        JobOutcome outcome = JobOutcome.of(500, "{\"error\": \"MissingOutput\", \"message\": \"p.fits was not written\", "
                + "\"records\": [{\"ID\": \"ID0000000\"}, {\"ID\": \"ID0000001\"}]}");

        assertThat(outcome.record().orElseThrow().get("ID").asText()).isEqualTo("ID0000001");
    }

    @Test
    void of_400BadRundir_failedWithoutRecordNotRetryable() {
        JobOutcome.Failed failed = (JobOutcome.Failed) JobOutcome.of(400,
                "{\"error\": \"BadRundir\", \"message\": \"rundir /nope is outside every volume\"}");

        assertThat(failed.error()).isEqualTo("BadRundir");
        assertThat(failed.message()).isEqualTo("rundir /nope is outside every volume");
        assertThat(failed.record()).isEmpty();
        assertThat(failed.retryable()).isFalse();
    }

    @Test
    void of_nonJsonErrorBody_keepsStatusAndAtMost500CharactersOfIt() {
        String page = "<html>" + "x".repeat(2000) + "</html>";

        JobOutcome.Failed failed = (JobOutcome.Failed) JobOutcome.of(502, page);

        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.error()).isEqualTo("HTTP 502");
        assertThat(failed.message()).startsWith("<html>xxx").endsWith("… (2013 characters)");
        assertThat(failed.message().length()).isLessThan(530);
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.record()).isEmpty();
    }

    @Test
    void of_emptyErrorBody_saysSo() {
        assertThat(((JobOutcome.Failed) JobOutcome.of(503, null)).message()).isEqualTo("no body");
    }

    @Test
    void retryable_serverBusyTimeoutsAndFailuresYes_requestsRefusedForGoodNo() {
        assertThat(JobOutcome.of(429, "{\"error\": \"QuotaExceeded\", \"message\": \"maxInFlight\"}")).extracting("retryable").isEqualTo(true);
        assertThat(JobOutcome.of(503, "{\"error\": \"Unavailable\", \"message\": \"queue full\"}")).extracting("retryable").isEqualTo(true);
        assertThat(JobOutcome.of(504, "{\"error\": \"Timeout\", \"message\": \"ran past 60 s\"}")).extracting("retryable").isEqualTo(true);
        assertThat(JobOutcome.of(408, "")).extracting("retryable").isEqualTo(true);
        assertThat(JobOutcome.of(404, "{\"error\": \"NotFound\", \"message\": \"no function montage\"}"))
                .extracting("retryable").isEqualTo(false);
        assertThat(JobOutcome.of(403, "{\"error\": \"CommandNotAllowed\", \"message\": \"rm\"}")).extracting("retryable").isEqualTo(false);
        assertThat(JobOutcome.of(400, "{\"error\": \"BadPath\", \"message\": \"../x\"}")).extracting("retryable").isEqualTo(false);
    }

    @Test
    void noAnswer_isRetryableWithStatusZero() {
        JobOutcome.Failed failed = JobOutcome.noAnswer("no answer within 300 s");

        assertThat(failed.status()).isZero();
        assertThat(failed.error()).isEqualTo("NoAnswer");
        assertThat(failed.message()).isEqualTo("no answer within 300 s");
        assertThat(failed.retryable()).isTrue();
    }
}
