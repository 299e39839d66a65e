package org.heatbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GalleryJsonTest {
    @Test
    void compandedAttributionsDecodeWithinHalfAStep() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] a = new float[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rng.nextGaussian() * Math.exp(3 * rng.nextGaussian()));
        }
        a[10] = Float.NaN;
        byte[] q = Base64.getDecoder().decode(GalleryJson.companded(a, 0, a.length));
        double max = 0;
        for (float v : a) {
            if (Float.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        for (int i = 0; i < a.length; i++) {
            double back = GalleryJson.decode(q[i]) * max;
            if (i == 10) {
                assertEquals(0.0, back);
                continue;
            }
            // sqrt domain step 1/127: |sqrt(|a|/max) - |q|/127| <= 0.5/127
            double r = Math.sqrt(Math.abs(a[i]) / max);
            assertEquals(r, Math.abs(q[i]) / 127.0, 0.5 / 127 + 1e-12, "value " + i);
            assertTrue(back == 0 || Math.signum(back) == Math.signum(a[i]), "sign kept " + i);
        }
    }

    @Test
    void ecgAsRoundedInt16() {
        float[] x = {0.4f, -1234.6f, 40000f, Float.NaN, -40000f};
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(GalleryJson.int16(x, 0, x.length)))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.getShort());
        assertEquals(-1235, b.getShort());
        assertEquals(Short.MAX_VALUE, b.getShort());
        assertEquals(0, b.getShort());
        assertEquals(Short.MIN_VALUE, b.getShort());
    }

    @Test
    void scriptSafeEscapesMarkup() {
        assertEquals("\"\\u003c/script\\u003e\\u0026\"", GalleryJson.scriptSafe("\"</script>&\""));
    }
}
