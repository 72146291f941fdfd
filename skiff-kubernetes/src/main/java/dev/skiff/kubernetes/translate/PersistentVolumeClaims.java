package dev.skiff.kubernetes.translate;

import dev.skiff.kubernetes.model.SkiffResources;
import dev.skiff.kubernetes.model.VolumeResource;
import dev.skiff.kubernetes.model.VolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/** A Skiff {@code Volume} as the PersistentVolumeClaim of the same name that functions mount (seed 000's claim). */
public final class PersistentVolumeClaims {

    private PersistentVolumeClaims() {}

    /** The claim for {@code volume}, whose spec must have been defaulted. */
    public static PersistentVolumeClaim desired(VolumeResource volume) {
        return desired(volume.getMetadata().getName(), volume.getMetadata().getNamespace(), volume.getSpec());
    }

    /** The claim named {@code name} in {@code namespace} for the defaulted {@code spec}. */
    public static PersistentVolumeClaim desired(String name, String namespace, VolumeSpec spec) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(SkiffResources.MANAGED_BY_LABEL, SkiffResources.MANAGED_BY)
                .endMetadata()
                .withNewSpec()
                .withAccessModes(spec.accessMode())
                .withStorageClassName(spec.storageClassName())
                .withNewResources().addToRequests("storage", new Quantity(spec.size())).endResources()
                .endSpec()
                .build();
    }
}
