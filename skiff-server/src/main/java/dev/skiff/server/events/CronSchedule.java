package dev.skiff.server.events;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.skiff.api.CronTrigger;
import dev.skiff.api.EventingValidation;
import dev.skiff.api.FieldError;
import dev.skiff.api.Quote;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A five-field Unix cron schedule in a time zone (cron-utils), as a PingSource's. Pure: time is passed in. */
final class CronSchedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** A schedule with no tick this many years ahead never fires (30 February); 29 February fires within 4. */
    private static final int HORIZON_YEARS = 5;
    private final ExecutionTime execution;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime execution, ZoneId zone) {
        this.execution = execution;
        this.zone = zone;
    }

    /** The schedule; an IllegalArgumentException saying why when it does not parse. */
    static CronSchedule parse(String expression, ZoneId zone) {
        return new CronSchedule(ExecutionTime.forCron(PARSER.parse(expression.strip()).validate()), zone);
    }

    /** Null when the expression is a Unix cron schedule, else why it is not. */
    static String problem(String expression) {
        try {
            PARSER.parse(expression.strip()).validate();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Every error of a defaulted cron trigger: {@link EventingValidation}'s, with the schedule parsed
     * here, and a schedule that parses but has no tick within {@value #HORIZON_YEARS} years of {@code now}.
     */
    static List<FieldError> validate(CronTrigger cron, Instant now) {
        List<FieldError> errors = new ArrayList<>(EventingValidation.validate(cron, CronSchedule::problem));
        boolean parsed = errors.stream().noneMatch(e -> e.field().equals("spec.schedule") || e.field().equals("spec.timezone"));
        if (parsed && cron.spec() != null) {
            ZoneId zone = ZoneId.of(cron.spec().timezone());
            Optional<Instant> next = parse(cron.spec().schedule(), zone).nextAfter(now);
            if (next.isEmpty() || next.get().isAfter(now.atZone(zone).plusYears(HORIZON_YEARS).toInstant())) {
                errors.add(new FieldError("spec.schedule", Quote.value(cron.spec().schedule()) + " never fires: no time in the next "
                        + HORIZON_YEARS + " years matches it (does it name a day its month does not have, such as 30 February?)"));
            }
        }
        return errors;
    }

    /** The first tick strictly after {@code instant}, if the schedule has one. */
    Optional<Instant> nextAfter(Instant instant) {
        return execution.nextExecution(ZonedDateTime.ofInstant(instant, zone)).map(ZonedDateTime::toInstant);
    }
}
