package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantityTest {
    @Test
    void parseBytes_binaryAndDecimalSuffixes() {
        assertThat(Quantity.parseBytes("512")).isEqualTo(512);
        assertThat(Quantity.parseBytes("64Ki")).isEqualTo(65_536);
        assertThat(Quantity.parseBytes("6Mi")).isEqualTo(6_291_456);
        assertThat(Quantity.parseBytes("1Gi")).isEqualTo(1_073_741_824);
        assertThat(Quantity.parseBytes("10k")).isEqualTo(10_000);
        assertThat(Quantity.parseBytes("2M")).isEqualTo(2_000_000);
        assertThat(Quantity.parseBytes(" 1G ")).isEqualTo(1_000_000_000);
    }

    @Test
    void parseBytes_notAQuantity_namesTheAcceptedForms() {
        assertThatThrownBy(() -> Quantity.parseBytes("6MB")).hasMessageContaining("'6MB' is not a size").hasMessageContaining("Mi");
        assertThatThrownBy(() -> Quantity.parseBytes("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantity.parseBytes(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseBytes_overflow_isRejected() {
        assertThatThrownBy(() -> Quantity.parseBytes("99999999999999Gi")).hasMessageContaining("too large");
    }

    @Test
    void bytesText_theLargestBinaryUnitThatHoldsThemWhole_andReadsBack() {
        assertThat(Quantity.bytesText(4L << 30)).isEqualTo("4Gi");
        assertThat(Quantity.bytesText(1536L << 20)).isEqualTo("1536Mi");
        assertThat(Quantity.bytesText(1000)).isEqualTo("1000");
        assertThat(Quantity.bytesText(0)).isEqualTo("0");
        assertThat(Quantity.resourceBytes(Quantity.bytesText(268_435_456))).isEqualTo(268_435_456);
    }
}
