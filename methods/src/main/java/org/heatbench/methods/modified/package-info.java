/**
 * Methods that change the backward pass or read model internals: guided backprop, deconvolution, DeepLIFT
 * (including transformer rules), Grad-CAM, LRP (including AttnLRP / CP-LRP for transformers), and the attention
 * explanations of transformers (rollout, gradient-weighted attention relevance).
 */
package org.heatbench.methods.modified;
