package dev.skiff.kubernetes.translate;

import dev.skiff.api.CronTrigger;
import dev.skiff.kubernetes.model.CronTriggerResource;
import dev.skiff.kubernetes.model.SkiffResources;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;

/**
 * A {@code CronTrigger} without Knative Eventing: a CronJob whose pod POSTs the trigger's data to
 * the function through Skiff's gateway (which wakes a function scaled to zero), as kubeless' cron
 * triggers did; no data is an empty body. Runs never overlap; a failed call fails the job, which is retried twice.
 */
public final class CronJobs {

    private CronJobs() {}

    /** The CronJob for {@code trigger}, whose spec must have been defaulted. */
    public static CronJob desired(CronTriggerResource trigger, TranslationConfig config) {
        CronTrigger.CronTriggerSpec spec = trigger.getSpec();
        String function = spec.sink().function();
        return new CronJobBuilder()
                .withNewMetadata()
                .withName(trigger.getMetadata().getName())
                .withNamespace(trigger.getMetadata().getNamespace())
                .addToLabels(SkiffResources.MANAGED_BY_LABEL, SkiffResources.MANAGED_BY)
                .addToLabels(SkiffResources.FUNCTION_LABEL, function)
                .endMetadata()
                .withNewSpec()
                .withSchedule(spec.schedule())
                .withTimeZone(spec.timezone())
                .withConcurrencyPolicy("Forbid")
                .withNewJobTemplate()
                .withNewSpec()
                .withBackoffLimit(2)
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("call")
                .withImage(config.callerImage())
                .withArgs("--silent", "--show-error", "--fail", "--max-time", "600", "-X", "POST",
                        "-H", "Content-Type: " + spec.contentType(), "-H", "Ce-Source: skiff.dev/crontrigger/"
                                + trigger.getMetadata().getNamespace() + "/" + trigger.getMetadata().getName(),
                        "--data-binary", spec.data() == null ? "" : spec.data(), config.functionUrl(function))
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
    }
}
