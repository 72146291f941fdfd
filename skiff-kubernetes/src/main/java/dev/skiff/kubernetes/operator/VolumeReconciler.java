package dev.skiff.kubernetes.operator;

import dev.skiff.api.FieldError;
import dev.skiff.kubernetes.model.VolumeResource;
import dev.skiff.kubernetes.model.VolumeSpec;
import dev.skiff.kubernetes.translate.PersistentVolumeClaims;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import java.util.List;

/** A {@code Volume} becomes the PersistentVolumeClaim functions mount by its name. */
@ControllerConfiguration(name = "volume")
final class VolumeReconciler extends ResourceReconciler<VolumeResource> {

    VolumeReconciler(OwnedObjects owned, Conditions conditions) {
        super(new ResourceReconciler.Translation<>() {
            @Override
            public List<FieldError> admit(VolumeResource volume) {
                volume.setSpec(VolumeSpec.defaulted(volume.getSpec()));
                return volume.getSpec().validate();
            }

            @Override
            public List<HasMetadata> desired(VolumeResource volume) {
                return List.of(PersistentVolumeClaims.desired(volume));
            }
        }, owned, conditions);
    }
}
