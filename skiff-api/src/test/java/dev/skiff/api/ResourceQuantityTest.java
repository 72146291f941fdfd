package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Kubernetes resource quantities as amounts: memory in bytes, CPU in millicores. */
class ResourceQuantityTest {
    @Test
    void resourceBytes_binaryDecimalAndPlainForms() {
        assertThat(Quantity.resourceBytes("256Mi")).isEqualTo(256L << 20);
        assertThat(Quantity.resourceBytes("1.5Gi")).isEqualTo(3L << 29);
        assertThat(Quantity.resourceBytes("500M")).isEqualTo(500_000_000L);
        assertThat(Quantity.resourceBytes("128974848")).isEqualTo(128_974_848L);
        assertThat(Quantity.resourceBytes("1Ei")).isEqualTo(1L << 60);
    }

    @Test
    void resourceBytes_fractionOfAByte_roundsUp() {
        assertThat(Quantity.resourceBytes("0.5")).isEqualTo(1);
        assertThat(Quantity.resourceBytes("1500m")).isEqualTo(2);
    }

    @Test
    void millicores_milliFractionsAndWholeCpus() {
        assertThat(Quantity.millicores("500m")).isEqualTo(500);
        assertThat(Quantity.millicores("0.5")).isEqualTo(500);
        assertThat(Quantity.millicores("2")).isEqualTo(2000);
        assertThat(Quantity.millicores("1.25")).isEqualTo(1250);
        assertThat(Quantity.millicores("0.0001")).as("rounded up").isEqualTo(1);
        assertThat(Quantity.millicores("0")).isZero();
    }

    @Test
    void notAQuantity_orTooLarge_isRefusedWithAReason() {
        assertThatThrownBy(() -> Quantity.resourceBytes("1 Gi")).hasMessage("'1 Gi' is not a quantity (e.g. 250m, 0.5, 128Mi)");
        assertThatThrownBy(() -> Quantity.millicores(null)).hasMessageContaining("is not a quantity");
        assertThatThrownBy(() -> Quantity.resourceBytes("16Ei")).hasMessage("'16Ei' is too large");
        assertThatThrownBy(() -> Quantity.millicores("10E")).hasMessage("'10E' is too large");
        assertThatThrownBy(() -> Quantity.resourceBytes("9".repeat(100_000))).hasMessageContaining("is too large");
    }
}
