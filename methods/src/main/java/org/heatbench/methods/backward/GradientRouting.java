package org.heatbench.methods.backward;

import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * The gradient routing of pooling operators, for rules of other methods that route a different signal through the
 * same winners (DeepLIFT's MaxPool rule, LRP's winner-takes-all).
 */
public final class GradientRouting {
    private GradientRouting() {
    }

    /** @return whether a MaxPool node has non-overlapping 1-D windows without padding or dilation */
    public static boolean isNonOverlapping1d(NodeProto maxPool) {
        return PoolGradients.nonOverlapping1d(maxPool);
    }

    /**
     * Routes {@code signal} (shaped like the MaxPool's output) to the winning input positions of the MaxPool node
     * in {@code c} (first maximum on ties), zero elsewhere; shaped like the node's input.
     */
    public static String routeMaxPool(BackwardContext c, String signal) {
        if (PoolGradients.nonOverlapping1d(c.node()) && c.inputInfo(0).rank() == 3) {
            return PoolGradients.windowArgMax1d(c, signal);
        }
        return PoolGradients.scatterToIndices(c, signal, c.output(1), c.input(0));
    }
}
