package dev.skiff.kubernetes.model;

import dev.skiff.api.CronTrigger;
import dev.skiff.api.EventingDefaults;
import dev.skiff.api.EventingValidation;
import dev.skiff.api.FieldError;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Skiff's {@code CronTrigger} custom resource: its spec is the embedded mode's
 * {@link CronTrigger.CronTriggerSpec}, read through {@link CronTriggerSpecDocument}. Its schedule is
 * checked for five cron fields here; the cluster (a CronJob, or Knative's PingSource) parses it.
 */
@Group(SkiffResources.GROUP)
@Version(SkiffResources.VERSION)
@Kind("CronTrigger")
@Singular("crontrigger")
@Plural("crontriggers")
public class CronTriggerResource extends SpecDocumentResource<CronTrigger.CronTriggerSpec, CronTriggerSpecDocument> {
    private static final Pattern FIELD = Pattern.compile("^[0-9A-Za-z*/,\\-?]+$");

    @Override
    protected CronTriggerSpecDocument document(CronTrigger.CronTriggerSpec spec) {
        return CronTriggerSpecDocument.of(spec);
    }

    @Override
    protected List<FieldError> validateSpec() {
        CronTrigger cron = new CronTrigger(SkiffResources.API_VERSION, CronTrigger.KIND, apiMetadata(),
                EventingDefaults.cron(getSpec()), null);
        return EventingValidation.validate(cron, CronTriggerResource::scheduleProblem);
    }

    /** The spec with its zone and content type set ({@link EventingDefaults#cron}). */
    @Override
    public CronTrigger.CronTriggerSpec defaulted() {
        return EventingDefaults.cron(getSpec());
    }

    /** Null for five cron fields, else what a schedule needs. */
    private static String scheduleProblem(String schedule) {
        String[] fields = schedule.trim().split("\\s+");
        boolean five = fields.length == 5 && List.of(fields).stream().allMatch(f -> FIELD.matcher(f).matches());
        return five ? null : "five fields, minute hour day-of-month month day-of-week (e.g. */5 * * * *)";
    }
}
