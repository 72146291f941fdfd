package dev.skiff.kubernetes.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.FieldError;
import dev.skiff.api.FunctionValidation;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A schedule that calls a function, as Knative's PingSource (or kubeless' CronJob trigger).
 *
 * @param schedule a five-field cron expression, e.g. {@code *}{@code /5 * * * *}
 * @param timezone the IANA zone the schedule is read in (default UTC)
 * @param function the Function called on each tick
 * @param data the body sent (default empty)
 * @param contentType the body's media type (default {@code application/json})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CronTriggerSpec(String schedule, String timezone, String function, String data, String contentType) {
    /** The zone a schedule without one is read in. */
    public static final String TIMEZONE = "UTC";
    /** The media type of the body. */
    public static final String CONTENT_TYPE = "application/json";
    private static final Pattern FIELD = Pattern.compile("^[0-9A-Za-z*/,\\-?]+$");

    /** This spec with its defaults. */
    public CronTriggerSpec defaulted() {
        return new CronTriggerSpec(schedule, timezone == null ? TIMEZONE : timezone, function, data == null ? "" : data,
                contentType == null ? CONTENT_TYPE : contentType);
    }

    /** Every error in this defaulted spec. */
    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        String[] fields = schedule == null ? new String[0] : schedule.trim().split("\\s+");
        if (fields.length != 5 || !List.of(fields).stream().allMatch(f -> FIELD.matcher(f).matches())) {
            errors.add(new FieldError("spec.schedule", "'" + schedule
                    + "' is not a cron schedule: five fields, minute hour day-of-month month day-of-week (e.g. */5 * * * *)"));
        }
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            errors.add(new FieldError("spec.timezone", "'" + timezone + "' is not a time zone (e.g. Europe/Warsaw)"));
        }
        FunctionValidation.validateName(function, "spec.function", errors);
        return errors;
    }
}
