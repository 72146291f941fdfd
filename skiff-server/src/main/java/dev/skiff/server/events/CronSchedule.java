package dev.skiff.server.events;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** A five-field Unix cron schedule in a time zone (cron-utils), as a PingSource's. Pure: time is passed in. */
final class CronSchedule {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
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

    /** The first tick strictly after {@code instant}, if the schedule has one. */
    Optional<Instant> nextAfter(Instant instant) {
        return execution.nextExecution(ZonedDateTime.ofInstant(instant, zone)).map(ZonedDateTime::toInstant);
    }
}
