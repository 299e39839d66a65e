package org.heatbench.methods;

import java.util.Optional;

/**
 * The result of attributing one batch.
 *
 * @param values attributions, same shape as the input ({@code [N, leads, samples]}), float32
 * @param predictions the model output's target value per record at the clean input, when the method computed it
 *     on the way ({@code null} otherwise)
 * @param convergenceDelta per record Σa − (f(x) − f(x₀)) for methods that define it (integrated gradients with
 *     input multiplication), else {@code null}
 */
public record Attribution(FloatTensor values, float[] predictions, double[] convergenceDelta) {

    /** @return the predictions, if the method computed them */
    public Optional<float[]> predictionsIfComputed() {
        return Optional.ofNullable(predictions);
    }
}
