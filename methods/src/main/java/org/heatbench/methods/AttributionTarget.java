package org.heatbench.methods;

import org.heatbench.core.ConfigurationException;

/**
 * Which model output value is explained, for inputs of which item shape.
 *
 * @param outputIndex the graph output (0 = first)
 * @param target the flat index within one record's output (0 for the single-value regressors)
 * @param itemShape the input shape without the batch dimension, e.g. {@code [8, 600]}
 */
public record AttributionTarget(int outputIndex, int target, long[] itemShape) {

    public AttributionTarget {
        if (outputIndex < 0 || target < 0) {
            throw new ConfigurationException("output index and target must be >= 0");
        }
        itemShape = itemShape.clone();
    }

    /** Output 0, target 0. */
    public static AttributionTarget of(long... itemShape) {
        return new AttributionTarget(0, 0, itemShape);
    }

    @Override
    public long[] itemShape() {
        return itemShape.clone();
    }

    public AttributionTarget withTarget(int t) {
        return new AttributionTarget(outputIndex, t, itemShape);
    }
}
